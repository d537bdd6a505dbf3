import { describe, expect, it } from 'vitest';
import { stagingSettleHandler } from '../../../electron/station/staging-settle-handler.js';

/**
 * `staging.settle` (what `cartwright prepare` waits on) with the runner, journal and watcher at
 * their seams: a job whose device left before its turn stays `queued`, and the runner drops it
 * from its queue until the device returns. Found by `npm run chaos` (unplug): prepare returned
 * with that job still queued while its device was on its way back.
 */
function parts() {
  const jobs = new Map([['J1', { id: 'J1', udid: 'U1', state: 'queued', errorCode: null as string | null, steps: [] }]]);
  const attachedNow = new Set<string>();
  const enqueued: string[] = [];
  const station = {
    runner: {
      idle: async () => undefined,
      isRunning: () => false,
      enqueue: (id: string) => {
        enqueued.push(id);
        // The runner runs it at once on the virtual station: done.
        jobs.get(id)!.state = 'succeeded';
      },
    },
    store: { jobs: { get: (id: string) => jobs.get(id), getJob: (id: string) => jobs.get(id), listByBatch: () => [...jobs.values()] } },
    layer: { watcher: { isAttached: (udid: string) => attachedNow.has(udid) } },
    registry: { get: () => undefined },
  };
  const handler = stagingSettleHandler(station as never)['staging.settle'];
  return { handler, attachedNow, enqueued, jobs };
}

describe('staging.settle and a queued job whose device is away', () => {
  it('waits for the device to come back, then runs the job', async () => {
    const p = parts();
    const settling = p.handler({ jobIds: ['J1'], deviceTimeoutSeconds: 30 });
    let settled = false;
    void settling.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 600));
    expect(settled).toBe(false);
    p.attachedNow.add('U1');
    const answer = await settling;
    expect(p.enqueued).toEqual(['J1']);
    expect(answer.jobs.map((j) => j.state)).toEqual(['succeeded']);
  });

  it('gives up on it after the device timeout, leaving it queued for the next resume', async () => {
    const p = parts();
    const answer = await p.handler({ jobIds: ['J1'], deviceTimeoutSeconds: 0 });
    expect(p.enqueued).toEqual([]);
    expect(answer.jobs.map((j) => j.state)).toEqual(['queued']);
  });
});
