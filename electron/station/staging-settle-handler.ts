import type { SettledJob } from '../api/staging.js';
import type { StationHandlers } from '../api/station-handlers.js';
import type { StationServices } from './services.js';
import { jobView } from './staging-views.js';

type SettleParts = Pick<StationServices, 'runner' | 'store' | 'layer' | 'registry'>;

/**
 * `staging.settle`: what a one-shot host waits on after starting or resuming jobs. Lives with the
 * station because it drives the runner (a job whose device came back is queued again); the CLI
 * only follows the station's events meanwhile and formats the answer.
 */
export function stagingSettleHandler(station: SettleParts): Pick<StationHandlers, 'staging.settle' | 'staging.jobs'> {
  return {
    'staging.settle': async ({ jobIds, deviceTimeoutSeconds }) => {
      await settle(station, jobIds, deviceTimeoutSeconds * 1000);
      return { jobs: settledJobs(station, jobIds) };
    },
    // The same rows without waiting: a screen's batch summary and its failures, as they stand.
    'staging.jobs': async ({ batchId }) => {
      if (!station.store.batches.get(batchId)) throw Object.assign(new Error(`No batch ${batchId}.`), { code: 'NOT_FOUND' });
      return { jobs: settledJobs(station, station.store.jobs.listByBatch(batchId).map((j) => j.id)) };
    },
  };
}

async function settle({ runner, store, layer }: SettleParts, jobIds: string[], deviceTimeoutMs: number): Promise<void> {
  const goneSince = new Map<string, number>();
  const attached = (udid: string) => layer.watcher.isAttached(udid);
  for (;;) {
    await runner.idle();
    // The jobs' states only: their steps are read once, for the answer (settledJobs).
    const jobs = jobIds.map((id) => store.jobs.getJob(id)).filter((j) => !!j);
    // Away: paused when its device left mid-job, or still queued when it left before its turn
    // (the runner drops such a job from its queue until the device returns). Both resume on return.
    const waitingForDevice = jobs.filter((j) => (j.state === 'queued' || (j.state === 'paused' && j.errorCode === 'DEVICE_GONE')) && !attached(j.udid));
    const now = Date.now();
    for (const j of waitingForDevice) if (!goneSince.has(j.id)) goneSince.set(j.id, now);
    const stillWaiting = waitingForDevice.filter((j) => now - (goneSince.get(j.id) ?? now) < deviceTimeoutMs);
    const runnable = jobs.some((j) => (j.state === 'queued' || (j.state === 'paused' && j.errorCode === 'DEVICE_GONE')) && attached(j.udid) && !runner.isRunning(j.udid));
    if (runnable) {
      // Activation waits for a person in Setup Assistant: queuing it again would only fail again.
      for (const j of jobs) if ((j.state === 'queued' || j.state === 'paused') && attached(j.udid) && j.errorCode !== 'NOT_ACTIVATED') runner.enqueue(j.id);
      continue;
    }
    if (stillWaiting.length === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function settledJobs({ store, registry }: SettleParts, jobIds: string[]): SettledJob[] {
  return jobIds
    .map((id) => store.jobs.get(id))
    .filter((j) => !!j)
    .map((j) => {
      const d = registry.get(j.udid);
      const view = jobView(j);
      // The live registry keeps the device layer's own remedy; the journal keeps only code and sentence.
      if (view.error && d?.error?.remedy && d.error.code === view.error.code) view.error.remedy = d.error.remedy;
      return { ...view, slot: d?.slot ?? null, serial: d?.serial ?? null, name: d?.name ?? null };
    });
}
