import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand, type JobProgress, type StationEvent } from '../../../electron/api/index.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { openStation, type Station } from '../../../electron/station/station.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { ENROLL_PROFILE, StationHarness } from './harness.js';

/** How long after close a late rejection (a native call finishing on a closed handle) still counts. */
const AFTER_CLOSE_MS = 3000;

/**
 * Closing the station while devices are in the middle of a step (Ctrl-C of `cartwright prepare`,
 * quitting the app) on a virtual cart with realistic latency: close returns with no promise left
 * rejecting unhandled (in Node that can end the process), the running jobs are left resumable in
 * the journal, and a station reopened on the same data directory finishes them.
 */
describe('closing the station mid-step', () => {
  const h = new StationHarness({ devices: 3, seed: `close-midstep-${Date.now()}`, latency: 'realistic', timeScale: 1 });
  let station: Station | undefined;
  const jobEvents: JobProgress[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const call = <T>(name: string, input: unknown) => dispatchCommand(station!.handlers, name, input) as Promise<T>;
  /** The step at whose start the station closes: closed from the event itself, while the step's first device calls are in flight. */
  let closeAt = '';
  let closing: Promise<void> | null = null;
  const open = async () => {
    const opened = await openStation({ dataDir: join(h.dir, 'data'), identity: { kind: 'pkcs12', file: h.p12, password: 'pw' }, concurrency: 3, trustTimeoutMs: 60_000, source: 'api' });
    station = opened;
    opened.subscribe((e: StationEvent) => {
      if (e.type !== 'job') return;
      jobEvents.push(e.job);
      if (e.job.kind === 'step-started' && e.job.step === closeAt && !closing) closing = opened.close();
    });
    await opened.ready();
  };
  const jobStates = (jobIds: string[]) => h.query<{ id: string; state: string; error_code: string | null }>(`SELECT id, state, error_code FROM jobs WHERE id IN (${jobIds.map(() => '?').join(',')})`, ...jobIds);
  const runningSteps = (jobIds: string[]) => h.query<{ name: string }>(`SELECT name FROM job_steps WHERE state = 'running' AND job_id IN (${jobIds.map(() => '?').join(',')})`, ...jobIds);
  const described = (reasons: unknown[]) => reasons.map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r))).join('\n---\n');

  /** Closes the station as soon as some job starts `step`, and checks nothing was left rejecting. */
  const closeWhenStepStarts = async (step: string, jobIds: string[]) => {
    closeAt = step;
    closing = null;
    await eventually(() => closing !== null, 120_000, 10);
    await closing;
    station = undefined;
    await new Promise((r) => setTimeout(r, AFTER_CLOSE_MS));
    expect(described(unhandled)).toBe('');
    // Stopped, not lost: nothing is left "running", and every job not done waits to be resumed.
    expect(runningSteps(jobIds)).toEqual([]);
    for (const j of jobStates(jobIds)) expect(['paused', 'queued', 'succeeded'], JSON.stringify(j)).toContain(j.state);
  };
  const reopen = async () => {
    await open();
    station!.activateStaging({ resumeAttached: true });
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await h.start(1, 3);
    Object.assign(process.env, h.env);
    await open();
    const enrollProfile = { name: 'mdm.mobileconfig', data: readFileSync(ENROLL_PROFILE).toString('base64') };
    await call('blueprints.save', { body: prepareBlueprint({ name: 'Cart A', nameTemplate: 'Cart A-{slot:2}', enrollProfile, enrollMode: 'install' }) });
  }, 180_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await station?.close();
    await h.dispose();
  });

  it('closed as check-activation, supervise, enroll and rename start: no unhandled rejection; reopened, every job finishes', async () => {
    const { jobIds } = await call<{ jobIds: string[] }>('staging.start', { udids: 'all', blueprint: 'Cart A' });
    expect(jobIds).toHaveLength(3);
    await closeWhenStepStarts('check-activation', jobIds);
    for (const step of ['supervise', 'enroll', 'rename']) {
      await reopen();
      await closeWhenStepStarts(step, jobIds);
    }

    await reopen();
    const settled = await call<{ jobs: { state: string }[] }>('staging.settle', { jobIds });
    expect(settled.jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (const d of await h.cart.devices()) {
      expect(d, d.udid).toMatchObject({ supervised: true, organizationName: 'Acme Schools' });
      expect(d.name, d.udid).toMatch(/^Cart A-0\d$/);
      // Resumed, not repeated: supervision was sent once however often the station stopped.
      expect(d.counters.SetCloudConfiguration, d.udid).toBe(1);
    }
    expect(described(unhandled)).toBe('');
  }, 400_000);
});
