import { describe, expect, it } from 'vitest';
import { openStore, resumeStepOf } from '../../../electron/store/index.js';
import { seedDeviceAndBlueprint, testStore } from './helpers.js';

const STEPS = ['pair', 'inspect', 'supervise', 'rename'];

describe('JobsRepo', () => {
  it('creates a job with all its steps pending, in order', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const job = store.jobs.create({ udid, blueprint, steps: STEPS, params: { nameTemplate: 'Cart-{slot}' }, requestedBy: 'tech' });
    expect(job).toMatchObject({ udid, state: 'queued', blueprintName: 'Prepare', blueprintVersion: 1, params: { nameTemplate: 'Cart-{slot}' }, cancelRequested: false });
    expect(job.steps.map((s) => [s.ordinal, s.name, s.state, s.attempts])).toEqual(STEPS.map((name, i) => [i, name, 'pending', 0]));
    expect(store.devices.get(udid)?.lastJobState).toBe('queued');
  });

  it('creates nothing when a step cannot be written (one transaction)', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    expect(() => store.jobs.create({ udid: 'unknown-device', blueprint, steps: STEPS })).toThrow(/FOREIGN KEY/);
    expect(() => store.jobs.create({ udid, blueprint: { name: 'Prepare', version: 99 }, steps: STEPS })).toThrow(/FOREIGN KEY/);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM job_steps').get()).toEqual({ n: 0 });
  });

  it('creates a batch of jobs at once, in order, each with its steps, as create would', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    store.devices.upsert({ udid: 'second-device' });
    const ids = store.jobs.createAll([
      { udid, blueprint, steps: STEPS, params: { n: 1 }, requestedBy: 'tech' },
      { udid: 'second-device', blueprint, steps: STEPS, params: { n: 2 }, requestedBy: 'tech' },
    ]);
    expect(ids).toHaveLength(2);
    expect(ids.map((id) => store.jobs.get(id))).toMatchObject([
      { udid, state: 'queued', params: { n: 1 }, requestedBy: 'tech', steps: STEPS.map((name, ordinal) => ({ ordinal, name, state: 'pending' })) },
      { udid: 'second-device', state: 'queued', params: { n: 2 }, steps: STEPS.map((name, ordinal) => ({ ordinal, name, state: 'pending' })) },
    ]);
    expect(store.jobs.unfinished().map((j) => j.id)).toEqual(ids);
    expect(store.devices.get('second-device')?.lastJobState).toBe('queued');
  });

  it('journals all of a batch or none of it', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    // The second job's device is unknown: the first, already inserted, is rolled back with it.
    expect(() => store.jobs.createAll([{ udid, blueprint, steps: STEPS }, { udid: 'unknown-device', blueprint, steps: STEPS }])).toThrow(/FOREIGN KEY/);
    expect(() => store.jobs.createAll([{ udid, blueprint, steps: STEPS }, { udid, blueprint, steps: [] }])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(store.db.prepare('SELECT (SELECT COUNT(*) FROM jobs) AS jobs, (SELECT COUNT(*) FROM job_steps) AS steps').get()).toEqual({ jobs: 0, steps: 0 });
    expect(store.devices.get(udid)?.lastJobState).toBeNull();
  });

  it('reports a params column that is valid JSON but not an object as a corrupt row', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const { id } = store.jobs.create({ udid, blueprint, steps: STEPS, params: { n: 1 } });
    store.db.prepare('UPDATE jobs SET params = ? WHERE id = ?').run('[1, 2]', id);
    expect(() => store.jobs.get(id)).toThrow(expect.objectContaining({ code: 'CORRUPT_ROW' }));
  });

  it('answers the lean questions of a step transition: batch, state, cancel flag', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const { id } = store.jobs.create({ udid, blueprint, steps: STEPS });
    expect(store.jobs.batchStateOf(id)).toEqual({ batchId: null, state: 'queued' });
    expect(store.jobs.isCancelRequested(id)).toBe(false);
    store.jobs.requestCancel(id);
    expect(store.jobs.isCancelRequested(id)).toBe(true);
    expect(store.jobs.batchStateOf('no-such-job')).toBeUndefined();
    expect(store.jobs.isCancelRequested('no-such-job')).toBe(false);
  });

  it("reads a job's batch flow without loading the job (null without a batch or a flow)", () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const advanced = store.batches.create({ flow: 'single-user-advanced', blueprint, requestedBy: 'cli' });
    const plain = store.batches.create({ blueprint, requestedBy: 'cli' });
    expect(store.jobs.batchFlowOf(store.jobs.create({ udid, blueprint, steps: STEPS, batchId: advanced.id }).id)).toBe('single-user-advanced');
    expect(store.jobs.batchFlowOf(store.jobs.create({ udid, blueprint, steps: STEPS, batchId: plain.id }).id)).toBeNull();
    expect(store.jobs.batchFlowOf(store.jobs.create({ udid, blueprint, steps: STEPS }).id)).toBeNull();
    expect(store.jobs.batchFlowOf('no-such-job')).toBeNull();
  });

  it('journals attempts, timings, results and the device error chain', () => {
    const { store, clock } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const { id } = store.jobs.create({ udid, blueprint, steps: STEPS });
    store.jobs.startStep(id, 0);
    expect(store.jobs.get(id)?.state).toBe('running');
    clock.advance(1_500);
    const paired = store.jobs.succeedStep(id, 0, { hostId: 'H1' });
    expect(paired).toMatchObject({ state: 'succeeded', attempts: 1, durationMs: 1_500, result: { hostId: 'H1' } });

    store.jobs.startStep(id, 1);
    clock.advance(200);
    const chain = [{ code: 'PASSCODE_LOCKED', message: 'Unlock the device' }, { domain: 'lockdown', code: 'PasswordProtected' }];
    const failed = store.jobs.failStep(id, 1, { code: 'PASSCODE_LOCKED', message: 'Unlock the device in slot 3', chain });
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'PASSCODE_LOCKED', errorChain: chain, durationMs: 200 });

    const retried = store.jobs.startStep(id, 1);
    expect(retried).toMatchObject({ state: 'running', attempts: 2, errorCode: null, errorChain: null });
    store.jobs.skipStep(id, 2, 'already supervised by us');
    expect(store.jobs.get(id)?.steps[2]).toMatchObject({ state: 'skipped', result: { skipped: 'already supervised by us' } });
  });

  it('never lets a succeeded or skipped step run again', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const { id } = store.jobs.create({ udid, blueprint, steps: STEPS });
    store.jobs.startStep(id, 0);
    store.jobs.succeedStep(id, 0);
    store.jobs.skipStep(id, 1);
    for (const ordinal of [0, 1]) {
      expect(() => store.jobs.startStep(id, ordinal)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
      expect(() => store.jobs.resetStep(id, ordinal)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    }
    expect(() => store.jobs.succeedStep(id, 2)).toThrow(/from pending to succeeded/);
  });

  it('guards job states, stamps times and mirrors the state on the device', () => {
    const { store, clock } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const { id } = store.jobs.create({ udid, blueprint, steps: STEPS });
    store.jobs.setState(id, 'running');
    clock.advance(5_000);
    const failed = store.jobs.setState(id, 'failed', { code: 'NOT_ACTIVATED', message: 'Activate this device' });
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'NOT_ACTIVATED', startedAt: '2026-03-02T08:00:00.000Z', finishedAt: '2026-03-02T08:00:05.000Z' });
    expect(store.devices.get(udid)?.lastJobState).toBe('failed');
    expect(() => store.jobs.startStep(id, 0)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(store.jobs.setState(id, 'queued')).toMatchObject({ state: 'queued', finishedAt: null, errorCode: null });
    store.jobs.setState(id, 'cancelled');
    expect(() => store.jobs.setState(id, 'running')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('records a cancel request only for unfinished jobs', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const { id } = store.jobs.create({ udid, blueprint, steps: STEPS });
    expect(store.jobs.requestCancel(id)).toBe(true);
    expect(store.jobs.get(id)?.cancelRequested).toBe(true);
    store.jobs.setState(id, 'cancelled');
    expect(store.jobs.requestCancel(id)).toBe(false);
  });

  it('finds unfinished jobs after a restart and resumes each at its first unfinished step', () => {
    const { store, dir } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    store.devices.upsert({ udid: 'second' });
    const batch = store.batches.create({ flow: 'prepare', blueprint, requestedBy: 'cli' });
    const a = store.jobs.create({ udid, blueprint, steps: STEPS, batchId: batch.id });
    const b = store.jobs.create({ udid: 'second', blueprint, steps: STEPS, batchId: batch.id });
    const done = store.jobs.create({ udid: 'second', blueprint, steps: ['pair'] });
    store.jobs.startStep(done.id, 0);
    store.jobs.succeedStep(done.id, 0);
    store.jobs.setState(done.id, 'succeeded');
    store.jobs.startStep(a.id, 0);
    store.jobs.succeedStep(a.id, 0);
    store.jobs.startStep(a.id, 1); // killed here, mid-step
    store.jobs.setState(b.id, 'paused'); // device unplugged before it started
    store.close();

    const reopened = openStore(dir);
    try {
      expect(reopened.jobs.recoverInterrupted()).toBe(1);
      const unfinished = reopened.jobs.unfinished();
      expect(unfinished.map((j) => [j.id, j.state])).toEqual([[a.id, 'queued'], [b.id, 'paused']]);
      const resumedA = unfinished[0]!;
      expect(resumeStepOf(resumedA)).toMatchObject({ ordinal: 1, name: 'inspect', state: 'pending', attempts: 1, errorCode: 'INTERRUPTED' });
      expect(resumeStepOf(unfinished[1]!)?.ordinal).toBe(0);
      expect(reopened.jobs.unfinishedForDevice('second')?.id).toBe(b.id);
      expect(reopened.jobs.listByBatch(batch.id).map((j) => j.id)).toEqual([a.id, b.id]);
      expect(reopened.jobs.batchStates(batch.id).map((j) => j.state)).toEqual(['queued', 'paused']);
      expect(reopened.jobs.batchStateOf(b.id)).toEqual({ batchId: batch.id, state: 'paused' });
      expect(reopened.batches.unfinished().map((x) => x.id)).toEqual([batch.id]);
      // The interrupted step runs again; the succeeded one is never offered.
      expect(reopened.jobs.startStep(a.id, 1).attempts).toBe(2);
    } finally {
      reopened.close();
    }
  });

  it('gives a device journal newest job first', () => {
    const { store, clock } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const first = store.jobs.create({ udid, blueprint, steps: ['pair'] });
    clock.advance(1_000);
    const second = store.jobs.create({ udid, blueprint, steps: ['rename'] });
    expect(store.jobs.journal(udid).map((j) => [j.id, j.steps[0]?.name])).toEqual([[second.id, 'rename'], [first.id, 'pair']]);
    expect(store.jobs.journal(udid, 1)).toHaveLength(1);
  });
});
