import type { FlowName } from '../api/flows.js';
import type { Station } from './station.js';

export interface FlowTarget {
  udid: string;
  /** Shown in name templates ({user}) and the MDM report; Advanced: the registered user. */
  user?: string;
}

/**
 * A batch that belongs to a flow: like `startBatch`, but each device may be staged for its own
 * user (Single User Advanced: ten devices for ten people) and the batch records its flow, which is
 * how the station later knows what a device was staged for.
 */
export function startFlowBatch(station: Station, flow: FlowName, blueprintName: string, targets: FlowTarget[], requestedBy?: string): { batchId: string; jobIds: string[] } {
  const blueprint = station.blueprint(blueprintName);
  const stored = station.store.blueprints.latest(blueprintName);
  if (!stored) throw Object.assign(new Error(`No blueprint named "${blueprintName}".`), { code: 'NOT_FOUND' });
  if (targets.length === 0) throw Object.assign(new Error('No devices to stage: plug devices into the cart, or name them.'), { code: 'INVALID_INPUT' });
  const unknown = targets.filter((t) => !station.registry.get(t.udid));
  if (unknown.length) throw Object.assign(new Error(`Unknown device(s): ${unknown.map((t) => t.udid).join(', ')}.`), { code: 'NOT_FOUND' });
  const busy = targets.filter((t) => station.store.jobs.unfinishedForDevice(t.udid));
  if (busy.length) {
    throw Object.assign(new Error(`Already being staged: ${busy.map((t) => t.udid).join(', ')}. Cancel those jobs or resume them (cartwright stage --resume).`), { code: 'CONFLICT' });
  }
  const ordered = [...targets].sort((a, b) => (station.registry.get(a.udid)?.slot ?? 1e9) - (station.registry.get(b.udid)?.slot ?? 1e9));
  const by = requestedBy ?? station.options.actor;
  const { batchId, jobIds } = station.store.transaction(() => {
    const batch = station.store.batches.create({ flow, blueprint: { name: stored.name, version: stored.version }, requestedBy: by, options: { flow } });
    const ids = ordered.map((t, i) => {
      station.store.devices.upsert({ udid: t.udid });
      return station.store.jobs.create({
        udid: t.udid,
        batchId: batch.id,
        blueprint: { name: stored.name, version: stored.version },
        steps: blueprint.steps.map((s) => s.type),
        params: { n: i + 1, ...(t.user ? { user: t.user } : {}) },
        requestedBy: by,
      }).id;
    });
    return { batchId: batch.id, jobIds: ids };
  });
  station.audit('batch.start', null, { batchId, flow, blueprint: `${stored.name} v${stored.version}`, devices: ordered.length });
  jobIds.forEach((id, i) => station.runner.enqueue(id, i + 1));
  return { batchId, jobIds };
}

/** The flow a device was last staged for, from its latest job's batch. */
export function flowOf(station: Station, udid: string): FlowName | null {
  const job = station.store.jobs.journal(udid, 1)[0];
  const batch = job?.batchId ? station.store.batches.get(job.batchId) : undefined;
  const flow = batch?.flow;
  return flow === 'single-user-standard' || flow === 'single-user-advanced' || flow === 'multi-user' ? flow : null;
}
