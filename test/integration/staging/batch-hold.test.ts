import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand, type JobProgress, type StationEvent } from '../../../electron/api/index.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { openStation, type Station } from '../../../electron/station/station.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { ENROLL_PROFILE, StationHarness } from './harness.js';

interface BatchRow {
  state: string;
  error_code: string | null;
}

/**
 * Pausing and resuming a batch (`staging.hold`) through the station API on a 6-device virtual
 * cart, two devices at a time: paused, nothing new starts and the running devices finish their
 * step (never cut off); resumed, every device finishes. A paused batch stays paused across a
 * restart of the station, and cancelling it cancels every device.
 */
describe('a technician pauses, resumes and cancels a batch', () => {
  const h = new StationHarness({ devices: 6, seed: `hold-${Date.now()}` });
  let station: Station;
  const jobEvents: { at: number; job: JobProgress }[] = [];
  let seq = 0;
  const call = <T>(name: string, input: unknown) => dispatchCommand(station.handlers, name, input) as Promise<T>;
  const open = async () => {
    station = await openStation({ dataDir: join(h.dir, 'data'), identity: { kind: 'pkcs12', file: h.p12, password: 'pw' }, concurrency: 2, trustTimeoutMs: 60_000, source: 'api' });
    await station.ready();
    station.subscribe((e: StationEvent) => {
      if (e.type === 'job') jobEvents.push({ at: seq++, job: e.job });
    });
  };
  const batchJobs = (batchId: string) => h.query<BatchRow>('SELECT state, error_code FROM jobs WHERE batch_id = ? ORDER BY created_at', batchId);

  beforeAll(async () => {
    await h.start(2, 3);
    Object.assign(process.env, h.env);
    await open();
    const enrollProfile = { name: 'mdm.mobileconfig', data: readFileSync(ENROLL_PROFILE).toString('base64') };
    await call('blueprints.save', { body: prepareBlueprint({ name: 'Cart A', nameTemplate: 'Cart A-{slot:2}', enrollProfile, enrollMode: 'install' }) });
  }, 180_000);
  afterAll(async () => {
    await station?.close();
    await h.dispose();
  });

  it('pause: nothing new starts and running devices stop after their step; resume: all finish', async () => {
    const { batchId, jobIds } = await call<{ batchId: string; jobIds: string[] }>('staging.start', { udids: 'all', blueprint: 'Cart A' });
    expect(jobIds).toHaveLength(6);
    await eventually(async () => jobEvents.some((e) => e.job.kind === 'step-started' && jobIds.includes(e.job.jobId)), 30_000);
    const paused = await call<{ held?: boolean }>('staging.hold', { batchId, hold: true });
    const pausedAt = seq;
    expect(paused.held).toBe(true);

    // Each running device finishes the step it was on, then the batch is still.
    await eventually(async () => batchJobs(batchId).every((j) => j.state === 'paused' || j.state === 'succeeded'), 60_000);
    const startedBefore = jobEvents.filter((e) => e.at < pausedAt && e.job.kind === 'step-started');
    const inFlight = startedBefore.filter((s) => !jobEvents.some((f) => f.at < pausedAt && f.job.kind === 'step-finished' && f.job.jobId === s.job.jobId && f.job.step === (s.job as { step: string }).step));
    for (const s of inFlight) {
      const finished = jobEvents.find((f) => f.at >= pausedAt && f.job.kind === 'step-finished' && f.job.jobId === s.job.jobId);
      expect(finished?.job).toMatchObject({ outcome: expect.stringMatching(/^(succeeded|skipped)$/) });
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect(jobEvents.filter((e) => e.at >= pausedAt && e.job.kind === 'step-started')).toEqual([]);
    expect(jobEvents.filter((e) => e.at >= pausedAt && e.job.kind === 'job-held').length).toBeGreaterThanOrEqual(4);

    // The journal says paused (no error: nothing went wrong), the batch and the tiles say so too.
    expect(batchJobs(batchId).filter((j) => j.state === 'paused').every((j) => j.error_code === null)).toBe(true);
    const progress = await call<{ held?: boolean; paused: number; running: number; total: number; succeeded: number }>('staging.batch', { batchId });
    expect(progress).toMatchObject({ held: true, running: 0 });
    expect(progress.paused + progress.succeeded).toBe(progress.total);
    const tiles = await call<{ udid: string; code?: string | null }[]>('devices.list', {});
    expect(tiles.filter((d) => d.code === 'paused-held').length).toBe(progress.paused);

    const resumed = await call<{ held?: boolean }>('staging.hold', { batchId, hold: false });
    expect(resumed.held).toBe(false);
    const settled = await call<{ jobs: { state: string }[] }>('staging.settle', { jobIds });
    expect(settled.jobs.map((j) => j.state)).toEqual(Array(6).fill('succeeded'));
    for (const d of await h.cart.devices()) expect(d.supervised).toBe(true);
  }, 240_000);

  it('a paused batch stays paused across a restart; cancelling it cancels every device', async () => {
    await call('blueprints.save', { body: prepareBlueprint({ name: 'Cart B', nameTemplate: 'Cart B-{slot:2}' }) });
    const { batchId, jobIds } = await call<{ batchId: string; jobIds: string[] }>('staging.start', { udids: 'all', blueprint: 'Cart B' });
    await call('staging.hold', { batchId, hold: true });
    // The two running devices stop after their step; then the station goes down, as in a power cut.
    await eventually(async () => batchJobs(batchId).every((j) => j.state !== 'running' && j.state !== 'queued'), 60_000);
    await station.close();

    await open();
    station.activateStaging({ resumeAttached: true });
    const from = seq;
    await new Promise((r) => setTimeout(r, 1500));
    expect(jobEvents.filter((e) => e.at >= from && e.job.kind === 'step-started')).toEqual([]);
    expect(await call('staging.batch', { batchId })).toMatchObject({ held: true, running: 0, queued: 0 });

    const { cancelled } = await call<{ cancelled: number }>('staging.cancelBatch', { batchId });
    expect(cancelled).toBe(jobIds.length - batchJobs(batchId).filter((j) => j.state === 'succeeded').length);
    expect(batchJobs(batchId).every((j) => j.state === 'cancelled' || j.state === 'succeeded')).toBe(true);
    expect(await call('staging.batch', { batchId })).toMatchObject({ queued: 0, running: 0, paused: 0, cancelled });
    expect(await call('staging.unfinished', {})).toEqual({ jobs: [] });
  }, 240_000);
});
