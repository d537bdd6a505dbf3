import { describe, expect, it } from 'vitest';
import type { DeviceSummary, HostedHandlers, SettledJob, StationEvent } from '../../../electron/api/index.js';
import { outcomeTable, waitForJobs, type StagingSource } from '../../../electron/cli/batch-wait.js';
import { ExitCode } from '../../../electron/cli/exit-codes.js';
import type { Output } from '../../../electron/cli/output.js';

const job = (udid: string, state: SettledJob['state'], slot: number): SettledJob => ({
  id: `job-${udid}`,
  udid,
  batchId: 'b1',
  blueprint: { name: 'Prepare', version: 1 },
  state,
  error: state === 'failed' ? { code: 'TRUST_PENDING', message: 'Nobody tapped Trust in time.', remedy: 'Tap Trust on the device, then retry.' } : null,
  createdAt: '2026-12-03T08:00:00.000Z',
  startedAt: '2026-12-03T08:00:01.000Z',
  finishedAt: '2026-12-03T08:01:00.000Z',
  steps: [],
  slot,
  serial: `SER-${udid}`,
  name: null,
});

/** A station at the API seam: `staging.settle` answers once the test lets it, events go to subscribers. */
function station(answer: SettledJob[]) {
  const listeners = new Set<(e: StationEvent) => void>();
  const settleCalls: unknown[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const handlers = {
    'staging.settle': async (input: unknown) => {
      settleCalls.push(input);
      await released;
      return { jobs: answer };
    },
  } as unknown as HostedHandlers;
  const source: StagingSource = { handlers, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
  const devices = (...list: Partial<DeviceSummary>[]) => {
    for (const l of listeners) l({ type: 'devices', devices: list as DeviceSummary[] });
  };
  return { source, devices, release, settleCalls, listeners };
}

function recorder(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { json: false, lines, result: () => undefined, progress: (l) => lines.push(l), error: () => undefined };
}

describe('waiting for a batch through the station API', () => {
  it('prints each change of the watched devices’ tiles once, and reports the settled jobs', async () => {
    const s = station([job('U1', 'succeeded', 1), job('U2', 'failed', 2)]);
    const out = recorder();
    const waiting = waitForJobs(s.source, ['job-U1', 'job-U2'], out, 120_000, ['U1', 'U2']);
    await expect.poll(() => s.settleCalls.length).toBe(1);
    expect(s.settleCalls[0]).toEqual({ jobIds: ['job-U1', 'job-U2'], deviceTimeoutSeconds: 120 });
    const tile = { udid: 'U1', slot: 1, serial: 'SER-U1', state: 'staging', stateDetail: 'Supervising', error: null } as Partial<DeviceSummary>;
    s.devices(tile, { udid: 'OTHER', slot: 9, serial: 'X', state: 'idle', stateDetail: null, error: null });
    s.devices(tile);
    s.devices({ ...tile, progress: { step: 3, of: 7, title: 'Install profiles' } });
    s.devices({ udid: 'U2', slot: 2, serial: 'SER-U2', state: 'error', stateDetail: 'Trust timed out', error: { code: 'TRUST_PENDING', message: 'Nobody tapped Trust in time.', remedy: 'Tap Trust on the device, then retry.' } });
    s.release();
    const outcome = await waiting;
    expect(out.lines).toEqual([
      '[slot 1] SER-U1  Supervising',
      '[slot 1] SER-U1  Install profiles (3/7)',
      '[slot 2] SER-U2  Trust timed out: Nobody tapped Trust in time. → Tap Trust on the device, then retry.',
    ]);
    expect(outcome.exitCode).toBe(ExitCode.PARTIAL);
    expect(outcomeTable(outcome)).toMatch(/1 of 2 devices ready\.$/);
    expect(outcomeTable(outcome)).toContain('TRUST_PENDING: Nobody tapped Trust in time. → Tap Trust on the device, then retry.');
    expect(s.listeners.size).toBe(0);
  });

  it('exits OK only when every job succeeded, FAILURE when none did', async () => {
    const all = station([job('U1', 'succeeded', 1)]);
    all.release();
    expect((await waitForJobs(all.source, ['job-U1'], recorder(), 1_500)).exitCode).toBe(ExitCode.OK);
    const none = station([job('U1', 'failed', 1)]);
    none.release();
    expect((await waitForJobs(none.source, ['job-U1'], recorder(), 0)).exitCode).toBe(ExitCode.FAILURE);
    expect(none.settleCalls[0]).toEqual({ jobIds: ['job-U1'], deviceTimeoutSeconds: 0 });
  });
});
