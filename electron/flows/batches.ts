import type { FlowName } from '../api/flows.js';
import type { Blueprint } from '../staging/blueprint.js';
import type { BatchProblem } from '../api/staging.js';
import { batchRefusal, validateBatch } from '../staging/batch-validation.js';
import type { StationParts } from './parts.js';

export interface BatchRequest {
  udids: string[] | 'all';
  blueprint: string;
  user?: string;
  requestedBy?: string;
}

export interface FlowTarget {
  udid: string;
  /** Shown in name templates ({user}) and the MDM report; Advanced: the registered user. */
  user?: string;
}

export type BatchParts = Pick<StationParts, 'config' | 'store' | 'registry' | 'runner' | 'audit' | 'blueprint' | 'requestAudit' | 'batchReadiness'>;

interface BatchPlan {
  blueprint: string;
  targets: FlowTarget[];
  requestedBy: string | undefined;
  /** A flow's batch records the flow: how the station later knows what a device was staged for. */
  flow?: FlowName;
  /** The batch-wide user ({user} in name templates) of a plain batch. */
  user?: string;
}

/**
 * Creates a batch: the latest version of the blueprint pinned, one job per device with its steps,
 * all in one transaction, then queued on the runner in slot order so `{n}` follows the cart.
 */
export function startBatch(parts: BatchParts, request: BatchRequest): { batchId: string; jobIds: string[] } {
  const udids = request.udids === 'all' ? parts.registry.connectedUdids() : request.udids;
  return createBatch(parts, {
    blueprint: request.blueprint,
    targets: udids.map((udid) => ({ udid, ...(request.user ? { user: request.user } : {}) })),
    requestedBy: request.requestedBy,
    ...(request.user ? { user: request.user } : {}),
  });
}

/**
 * A batch that belongs to a flow: like `startBatch`, but each device may be staged for its own
 * user (Single User Advanced: ten devices for ten people) and the batch records its flow.
 */
export function startFlowBatch(parts: BatchParts, flow: FlowName, blueprintName: string, targets: FlowTarget[], requestedBy?: string): { batchId: string; jobIds: string[] } {
  return createBatch(parts, { blueprint: blueprintName, targets, requestedBy, flow });
}

function createBatch(parts: BatchParts, plan: BatchPlan): { batchId: string; jobIds: string[] } {
  const { store, registry } = parts;
  const blueprint = parts.blueprint(plan.blueprint);
  const stored = store.blueprints.latest(plan.blueprint);
  if (!stored) throw Object.assign(new Error(`No blueprint named "${plan.blueprint}".`), { code: 'NOT_FOUND' });
  const targets = plan.targets;
  if (targets.length === 0) throw Object.assign(new Error('No devices to stage: plug devices into the cart, or name them.'), { code: 'INVALID_INPUT' });
  const unknown = targets.filter((t) => !registry.get(t.udid));
  if (unknown.length) throw Object.assign(new Error(`Unknown device(s): ${unknown.map((t) => t.udid).join(', ')}.`), { code: 'NOT_FOUND' });
  const busy = targets.filter((t) => store.jobs.unfinishedForDevice(t.udid));
  if (busy.length) {
    throw Object.assign(new Error(`Already being staged: ${busy.map((t) => t.udid).join(', ')}. Cancel those jobs or resume them (cartwright stage --resume).`), { code: 'CONFLICT' });
  }
  const problems = batchProblems(parts, blueprint, targets);
  if (problems.length) throw batchRefusal(problems);
  const slots = new Map(targets.map((t) => [t.udid, registry.get(t.udid)?.slot ?? 1e9]));
  const ordered = [...targets].sort((a, b) => (slots.get(a.udid) as number) - (slots.get(b.udid) as number));
  const by = plan.requestedBy ?? parts.config.actor;
  const version = { name: stored.name, version: stored.version };
  const { batchId, jobIds } = store.transaction(() => {
    const batch = store.batches.create({
      ...(plan.flow ? { flow: plan.flow } : {}),
      blueprint: version,
      requestedBy: by,
      options: plan.flow ? { flow: plan.flow } : plan.user ? { user: plan.user } : {},
    });
    for (const t of ordered) store.devices.upsert({ udid: t.udid });
    const steps = blueprint.steps.map((s) => s.type);
    // All jobs through one set of reused statements, nothing read back; the journal has every job or none.
    const ids = store.jobs.createAll(
      ordered.map((t, i) => ({ udid: t.udid, batchId: batch.id, blueprint: version, steps, params: { n: i + 1, ...(t.user ? { user: t.user } : {}) }, requestedBy: by })),
    );
    return { batchId: batch.id, jobIds: ids };
  });
  parts.audit('batch.start', null, { batchId, ...(plan.flow ? { flow: plan.flow } : {}), blueprint: `${stored.name} v${stored.version}`, devices: ordered.length });
  jobIds.forEach((id, i) => parts.runner.enqueue(id, i + 1));
  return { batchId, jobIds };
}

/** What would fail on every device of this batch (staging/batch-validation.ts), from what the station knows now. */
export function batchProblems(parts: Pick<BatchParts, 'registry' | 'batchReadiness'>, blueprint: Blueprint, targets: FlowTarget[]): BatchProblem[] {
  const devices = targets.map((t) => {
    const d = parts.registry.get(t.udid);
    return { udid: t.udid, slot: d?.slot ?? null, serial: d?.serial ?? null, user: t.user ?? null };
  });
  return validateBatch(blueprint, devices, parts.batchReadiness);
}

/** The flow a device was last staged for, from its latest job's batch. */
export function flowOf(parts: Pick<StationParts, 'store'>, udid: string): FlowName | null {
  // Asked at every job transition: the flow column alone, not the job's steps and the batch's row.
  const flow = parts.store.jobs.latestBatchFlowOf(udid);
  return flow === 'single-user-standard' || flow === 'single-user-advanced' || flow === 'multi-user' ? flow : null;
}
