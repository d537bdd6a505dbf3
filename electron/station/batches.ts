import type { Station } from './station.js';

export interface BatchRequest {
  udids: string[] | 'all';
  blueprint: string;
  user?: string;
  requestedBy?: string;
}

/**
 * Creates a batch: the latest version of the blueprint pinned, one job per device with its steps,
 * all in one transaction, then queued on the runner in slot order so `{n}` follows the cart.
 */
export function startBatch(station: Station, request: BatchRequest): { batchId: string; jobIds: string[] } {
  const blueprint = station.blueprint(request.blueprint);
  const stored = station.store.blueprints.latest(request.blueprint);
  if (!stored) throw Object.assign(new Error(`No blueprint named "${request.blueprint}".`), { code: 'NOT_FOUND' });
  const connected = station.registry.connectedUdids();
  const udids = request.udids === 'all' ? connected : request.udids;
  if (udids.length === 0) throw Object.assign(new Error('No devices to stage: plug devices into the cart, or name them.'), { code: 'INVALID_INPUT' });
  const unknown = udids.filter((u) => !station.registry.get(u));
  if (unknown.length) throw Object.assign(new Error(`Unknown device(s): ${unknown.join(', ')}.`), { code: 'NOT_FOUND' });
  const busy = udids.filter((u) => station.store.jobs.unfinishedForDevice(u));
  if (busy.length) {
    throw Object.assign(new Error(`Already being staged: ${busy.join(', ')}. Cancel those jobs or resume them (cartwright stage --resume).`), { code: 'CONFLICT' });
  }
  const ordered = [...udids].sort((a, b) => (station.registry.get(a)?.slot ?? 1e9) - (station.registry.get(b)?.slot ?? 1e9));
  const { batchId, jobIds } = station.store.transaction(() => {
    const batch = station.store.batches.create({
      blueprint: { name: stored.name, version: stored.version },
      requestedBy: request.requestedBy ?? station.options.actor,
      options: request.user ? { user: request.user } : {},
    });
    const ids = ordered.map((udid, i) => {
      station.store.devices.upsert({ udid });
      return station.store.jobs.create({
        udid,
        batchId: batch.id,
        blueprint: { name: stored.name, version: stored.version },
        steps: blueprint.steps.map((s) => s.type),
        params: { n: i + 1, ...(request.user ? { user: request.user } : {}) },
        requestedBy: request.requestedBy ?? station.options.actor,
      }).id;
    });
    return { batchId: batch.id, jobIds: ids };
  });
  station.audit('batch.start', null, { batchId, blueprint: `${stored.name} v${stored.version}`, devices: ordered.length });
  jobIds.forEach((id, i) => station.runner.enqueue(id, i + 1));
  return { batchId, jobIds };
}
