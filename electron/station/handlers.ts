import type { StationHandlers } from '../api/client.js';
import type { BatchProgress, JobView } from '../api/index.js';
import { hasControlCharacters, NO_CONTROL_MESSAGE } from '../api/printable.js';
import { portKeyOf } from '../cart/cart-map.js';
import { cartwrightVersion } from '../cli/version.js';
import { parseBlueprint } from '../staging/blueprint.js';
import { errorInfo } from '../staging/error-info.js';
import { stepDefinition } from '../staging/steps/index.js';
import type { JobWithSteps } from '../store/repos/job-types.js';
import { adminHandlers } from './admin-handlers.js';
import { flowHandlers } from './flows-handlers.js';
import type { Station } from './station.js';

const fail = (code: string, message: string): never => {
  throw Object.assign(new Error(message), { code });
};

export function jobView(job: JobWithSteps): JobView {
  const err = (code: string | null, message: string | null) => (code ? { ...errorInfo({ code, message: message ?? code }) } : null);
  return {
    id: job.id,
    udid: job.udid,
    batchId: job.batchId,
    blueprint: { name: job.blueprintName, version: job.blueprintVersion },
    state: job.state,
    error: err(job.errorCode, job.errorMessage),
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    steps: job.steps.map((s) => {
      let title = s.name;
      try {
        title = stepDefinition(s.name as never).title;
      } catch {
        // an unknown step name from a newer blueprint keeps its raw name
      }
      return { name: s.name, title, state: s.state, attempts: s.attempts, startedAt: s.startedAt, finishedAt: s.finishedAt, durationMs: s.durationMs, error: err(s.errorCode, s.errorMessage) };
    }),
  };
}

export function batchProgress(station: Station, batchId: string): BatchProgress {
  const batch = station.store.batches.get(batchId) ?? fail('NOT_FOUND', `No batch ${batchId}.`);
  const jobs = station.store.jobs.listByBatch(batchId);
  const count = (s: string) => jobs.filter((j) => j.state === s).length;
  const finished = jobs.filter((j) => j.finishedAt && j.startedAt);
  const remaining = jobs.length - count('succeeded') - count('failed') - count('cancelled');
  let etaSeconds: number | null = null;
  if (finished.length > 0 && remaining > 0) {
    const avg = finished.reduce((t, j) => t + (Date.parse(j.finishedAt!) - Date.parse(j.startedAt!)), 0) / finished.length;
    etaSeconds = Math.round((avg * Math.ceil(remaining / station.options.concurrency)) / 1000);
  } else if (remaining === 0) etaSeconds = 0;
  return {
    batchId,
    blueprint: `${batch.blueprintName ?? ''}`,
    total: jobs.length,
    queued: count('queued'),
    running: count('running'),
    paused: count('paused'),
    succeeded: count('succeeded'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    startedAt: batch.createdAt,
    etaSeconds,
  };
}

/** The station API, one handler per command of electron/api/commands.ts. */
export function stationHandlers(station: Station): StationHandlers {
  const requireDevice = (udid: string) => station.registry.get(udid) ?? fail('NOT_FOUND', `No device ${udid} on this station.`);
  const cartView = () => {
    const layout = station.cart.layout();
    const devices = station.registry.list().filter((d) => d.connected);
    const slots = station.cart.list();
    const bySlot = new Map(devices.filter((d) => d.slot !== null).map((d) => [d.slot, d.udid]));
    return {
      layout: layout ? { name: layout.name, rows: layout.gridRows ?? 1, columns: layout.gridColumns ?? Math.max(1, slots.length) } : null,
      slots: slots.map((s) => ({ slot: s.slotNumber, label: s.label, portId: portKeyOf(s), udid: bySlot.get(s.slotNumber) ?? null })),
      unknownPorts: devices.filter((d) => d.slot === null).map((d) => ({ portId: d.portId ?? 'unknown', udid: d.udid })),
      calibration: station.cart.calibrating,
    };
  };

  return {
    'station.info': async () => ({
      version: cartwrightVersion(),
      dataDir: station.options.dataDir,
      usbmuxd: station.usbmuxd(),
      identity: station.identitySummary(),
      mdm: { kind: station.mdmKind() },
      autoStage: station.autoStage(),
      kiosk: { badgeNeedsPin: station.flows.settings().kioskBadgeNeedsPin },
    }),
    'devices.list': async () => station.registry.list(),
    'devices.get': async ({ udid }) => {
      const device = requireDevice(udid);
      return { device, profiles: [], jobs: station.store.jobs.journal(udid, 20).map(jobView) };
    },
    'devices.pair': async ({ udids }) => ({
      results: await Promise.all(
        udids.map(async (udid) => {
          try {
            requireDevice(udid);
            await station.pair(udid);
            return { udid, ok: true, error: null };
          } catch (e) {
            return { udid, ok: false, error: errorInfo(e).message };
          }
        }),
      ),
    }),
    'devices.rename': async ({ udid, name }) => {
      // The CLI calls handlers without the API's zod parse: the same refusal, not a plist error later.
      if (hasControlCharacters(name)) fail('INVALID_INPUT', `The device name ${NO_CONTROL_MESSAGE}: type it again without them.`);
      requireDevice(udid);
      await station.pair(udid);
      const result = await station.layer.rename(udid, name);
      station.audit('device.rename', udid, { name: result });
      await station.refresh(udid);
      return { name: result };
    },
    'devices.restart': async ({ udid }) => {
      requireDevice(udid);
      await station.pair(udid);
      const diag = await station.layer.diagnostics(udid);
      try {
        await diag.restart();
      } finally {
        await diag.close().catch(() => undefined);
      }
      station.audit('device.restart', udid);
      return { ok: true as const };
    },
    'devices.erase': async ({ udids }) => {
      const erased: string[] = [];
      for (const udid of udids) {
        requireDevice(udid);
        await station.pair(udid);
        await station.layer.withMcInstall(udid, (mc) => mc.eraseDevice());
        station.audit('device.erase', udid);
        erased.push(udid);
      }
      return { erased };
    },
    'staging.start': async ({ udids, blueprint, user }) => station.startBatch({ udids, blueprint, ...(user ? { user } : {}) }),
    'staging.cancel': async ({ jobId }) => ({ cancelled: station.runner.cancel(jobId) }),
    'staging.retry': async ({ udid }) => {
      const job = station.store.jobs.journal(udid, 1)[0];
      if (!job || job.state === 'succeeded' || job.state === 'cancelled') return { jobId: null };
      if (job.state === 'failed') station.store.jobs.setState(job.id, 'queued');
      station.runner.enqueue(job.id);
      return { jobId: job.id };
    },
    'staging.batch': async ({ batchId }) => batchProgress(station, batchId),
    'staging.autoStage': async ({ enabled, blueprint }) => station.setAutoStage(enabled, blueprint),
    'blueprints.list': async () => station.store.blueprints.list().map((b) => ({ name: b.name, version: b.latestVersion, createdAt: b.updatedAt })),
    'blueprints.get': async ({ name, version }) => {
      const b = (version ? station.store.blueprints.get(name, version) : station.store.blueprints.latest(name)) ?? fail('NOT_FOUND', `No blueprint "${name}".`);
      return { name: b.name, version: b.version, body: b.body };
    },
    'blueprints.save': async ({ body }) => {
      const parsed = parseBlueprint(body);
      if (!parsed.ok) fail('INVALID_INPUT', `The blueprint is invalid: ${parsed.errors.join('; ')}`);
      else {
        const saved = station.saveBlueprint(parsed.blueprint);
        station.audit('blueprint.save', null, { name: saved.name, version: saved.version, created: saved.created });
        return saved;
      }
      return fail('INTERNAL', 'unreachable');
    },
    'cart.get': async () => cartView(),
    'cart.calibrate': async (input) => {
      if (input.action === 'start') station.cart.startCalibration(input.name, input.rows, input.columns);
      else if (input.action === 'skip') station.cart.skip();
      else if (input.action === 'finish') station.cart.finishCalibration();
      else {
        const ports = station.layer.watcher.list().map((d) => d.port);
        station.cart.autoNumber(input.name, input.rows, input.columns, ports);
      }
      station.relocateAll();
      station.audit(`cart.calibrate.${input.action}`, null, input as never);
      return cartView();
    },
    'audit.query': async (q) =>
      station.store.audit.query({
        ...(q.since ? { since: new Date(q.since) } : {}),
        ...(q.until ? { until: new Date(q.until) } : {}),
        ...(q.udid ? { udid: q.udid } : {}),
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.action ? { action: q.action } : {}),
        limit: q.limit,
      }),
    ...flowHandlers(station),
    ...adminHandlers(station),
  };
}
