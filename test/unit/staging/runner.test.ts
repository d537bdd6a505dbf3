import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBlueprint, type Blueprint } from '../../../electron/staging/blueprint.js';
import type { SupervisorIdentity } from '../../../electron/staging/device-port.js';
import type { StagingEvent } from '../../../electron/staging/events.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { StagingRunner } from '../../../electron/staging/runner.js';
import { openStore, type Store } from '../../../electron/store/store.js';
import { FakeDevicePort, inspectFakeProfile } from './helpers/fake-device-port.js';

const identity: SupervisorIdentity = {
  organization: 'Acme Schools',
  certificateDer: Buffer.from('acme-cert'),
  sign: async (c) => Buffer.concat([Buffer.from('signed:'), c]),
};

describe('staging runner (real SQLite journal, device port fake at the seam)', () => {
  let dir: string;
  let store: Store;
  let port: FakeDevicePort;
  let events: StagingEvent[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-runner-'));
    store = openStore(dir);
    port = new FakeDevicePort();
    events = [];
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function runner(concurrency = 4): StagingRunner {
    const r = new StagingRunner({
      jobs: store.jobs,
      device: port,
      concurrency,
      identity: () => identity,
      inspectProfile: inspectFakeProfile,
      storedEnrollmentProfile: async () => Buffer.from('com.acme.mdm|U-MDM|mdm'),
      enqueueMdm: (kind, payload, key, udid) => store.outbox.enqueue({ idempotencyKey: key, deviceKey: udid, kind, payload: payload as never }),
      hasMdmMessage: (key) => store.outbox.getByKey(key) !== undefined,
      slotOf: (udid) => Number(udid.slice(-2)),
      audit: (e) => store.audit.append({ actor: 'test', source: 'cli', action: e.action, udid: e.udid, details: e.details as never }),
      emit: () => undefined,
      loadBlueprint: (name, version) => {
        const stored = store.blueprints.get(name, version);
        const parsed = parseBlueprint(stored?.body);
        if (!parsed.ok) throw new Error(parsed.errors.join('; '));
        return parsed.blueprint;
      },
      isAttached: (udid) => port.devices.get(udid)?.attached ?? false,
      sleep: async () => undefined,
      random: () => 0,
    });
    r.on((e) => events.push(e));
    return r;
  }

  function startBatch(r: StagingRunner, blueprint: Blueprint, udids: string[]): string[] {
    const saved = store.blueprints.save(blueprint.name, blueprint as never);
    return udids.map((udid, i) => {
      store.devices.upsert({ udid });
      const job = store.jobs.create({ udid, blueprint: { name: saved.blueprint.name, version: saved.blueprint.version }, steps: blueprint.steps.map((s) => s.type) });
      r.enqueue(job.id, i + 1);
      return job.id;
    });
  }

  const prepare = prepareBlueprint({
    profiles: [{ name: 'wifi', data: Buffer.from('com.acme.wifi|U-WIFI').toString('base64') }],
    enrollProfile: { stored: 'enrollment' },
    nameTemplate: 'Cart-{slot:2}',
  });

  it('prepares a cart: every device supervised, profiled, enrolled, renamed and reported once', async () => {
    const udids = ['dev-01', 'dev-02', 'dev-03', 'dev-04', 'dev-05'];
    for (const u of udids) port.add(u);
    const r = runner(2);
    const jobIds = startBatch(r, prepare, udids);
    await r.idle();
    for (const [i, u] of udids.entries()) {
      const d = port.devices.get(u)!;
      expect(store.jobs.get(jobIds[i]!)?.state).toBe('succeeded');
      expect(d.facts).toMatchObject({ supervised: true, organizationName: 'Acme Schools', name: `Cart-0${i + 1}` });
      expect(d.facts.profiles.map((p) => p.identifier)).toEqual(['com.acme.wifi']);
      expect(d.stored?.toString()).toContain('com.acme.mdm');
      expect(d.counters.setCloudConfiguration).toBe(1);
    }
    expect(store.outbox.list({ state: 'pending' })).toHaveLength(5);
    const audit = store.audit.query({ udid: 'dev-01', order: 'asc' }).map((a) => a.action);
    expect(audit).toEqual(prepare.steps.map((s) => `step.${s.type}`));
  });

  it('devices that finish steps together record them one per event-loop turn (the start gate), each step once', async () => {
    const udids = ['dev-01', 'dev-02', 'dev-03', 'dev-04'];
    for (const u of udids) port.add(u);
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const finishedAt = new Map<number, string[]>();
    const r = runner(4);
    r.on((e) => {
      if (e.type === 'step-finished') finishedAt.set(turn, [...(finishedAt.get(turn) ?? []), `${e.udid}:${e.step}`]);
    });
    const jobIds = startBatch(r, prepare, udids);
    await r.idle();
    ticking = false;
    for (const id of jobIds) expect(store.jobs.get(id)?.state).toBe('succeeded');
    // The fake port answers at once, so without the gate all four devices finish each step in the same turn.
    for (const finished of finishedAt.values()) expect(finished).toHaveLength(1);
    expect([...finishedAt.values()].flat()).toHaveLength(udids.length * prepare.steps.length);
  });

  it('finishes a job a killed station left with every step done but the job itself unfinished', async () => {
    port.add('dev-01');
    const saved = store.blueprints.save(prepare.name, prepare as never);
    store.devices.upsert({ udid: 'dev-01' });
    const job = store.jobs.create({ udid: 'dev-01', blueprint: { name: saved.blueprint.name, version: saved.blueprint.version }, steps: prepare.steps.map((s) => s.type) });
    for (const s of job.steps) {
      store.jobs.startStep(job.id, s.ordinal);
      store.jobs.succeedStep(job.id, s.ordinal);
    }
    // The kill came before setState('succeeded'); the next station puts the running job back in line.
    const r = runner();
    expect(r.resumeAll()).toBe(1);
    await r.idle();
    expect(store.jobs.get(job.id)?.state).toBe('succeeded');
    expect(events.filter((e) => e.type === 'job-finished')).toMatchObject([{ jobId: job.id, state: 'succeeded' }]);
    expect(events.some((e) => e.type === 'step-started')).toBe(false);
  });

  it('pauses a job when its device is unplugged mid-step and resumes it, without repeating done steps', async () => {
    port.add('dev-01');
    const r = runner();
    port.onCall('dev-01', 'setCloudConfiguration', () => {
      port.detach('dev-01');
      r.onDetach('dev-01');
    });
    const [jobId] = startBatch(r, prepare, ['dev-01']);
    await r.idle();
    expect(store.jobs.get(jobId!)?.state).toBe('paused');
    expect(events.some((e) => e.type === 'job-paused' && e.reason === 'device-gone')).toBe(true);
    port.attach('dev-01');
    r.onAttach('dev-01');
    await r.idle();
    const job = store.jobs.get(jobId!)!;
    expect(job.state).toBe('succeeded');
    expect(port.devices.get('dev-01')!.counters.setCloudConfiguration).toBe(1);
    expect(job.steps.find((s) => s.name === 'pair')?.attempts).toBe(1);
  });

  it('resumes after a station crash: an interrupted step is re-checked against the device, not repeated', async () => {
    port.add('dev-07');
    const r1 = runner();
    const saved = store.blueprints.save(prepare.name, prepare as never);
    store.devices.upsert({ udid: 'dev-07' });
    const job = store.jobs.create({ udid: 'dev-07', blueprint: { name: prepare.name, version: saved.blueprint.version }, steps: prepare.steps.map((s) => s.type) });
    // Simulate the killed station: pair..check-activation done, supervise applied on the device
    // but the journal still says "running".
    for (const step of job.steps.slice(0, 3)) {
      store.jobs.startStep(job.id, step.ordinal);
      store.jobs.succeedStep(job.id, step.ordinal);
    }
    store.jobs.startStep(job.id, 3);
    await port.setCloudConfiguration('dev-07', { IsSupervised: true, OrganizationName: 'Acme Schools', SupervisorHostCertificates: [identity.certificateDer] });
    void r1;
    const r2 = runner();
    expect(r2.resumeAll()).toBe(1);
    await r2.idle();
    const after = store.jobs.get(job.id)!;
    expect(after.state, JSON.stringify(after.steps.filter((s) => s.errorCode), null, 1) + after.errorMessage).toBe("succeeded");
    expect(after.steps[3]).toMatchObject({ name: 'supervise', state: 'skipped' });
    expect(port.devices.get('dev-07')!.counters.setCloudConfiguration).toBe(1);
    expect(port.devices.get('dev-07')!.counters.pair ?? 0).toBe(0);
  });

  it('ends unpreparable devices in a clear state while the rest of the cart finishes', async () => {
    port.add('ok-01');
    port.add('ade-02').adeAssigned = true;
    port.add('org-03', { cloudConfigured: true, supervised: true, organizationName: 'Other District', supervisorCertificates: [Buffer.from('other')] });
    port.add('act-04', { activationState: 'Unactivated' }).activationLocked = true;
    port.add('byod-05', { enrollmentType: 'user', serial: null });
    port.add('hello-06', { activationState: 'Unactivated' });
    const r = runner(6);
    const [ok, ade, org, act, byod, hello] = startBatch(r, prepare, ['ok-01', 'ade-02', 'org-03', 'act-04', 'byod-05', 'hello-06']);
    await r.idle();
    expect(store.jobs.get(ok!)?.state).toBe('succeeded');
    expect(store.jobs.get(ade!)).toMatchObject({ state: 'failed', errorCode: 'ADE_ASSIGNED' });
    expect(store.jobs.get(org!)).toMatchObject({ state: 'failed', errorCode: 'SUPERVISED_ELSEWHERE' });
    expect(store.jobs.get(org!)?.errorMessage).toMatch(/Other District/);
    expect(store.jobs.get(act!)).toMatchObject({ state: 'failed', errorCode: 'ACTIVATION_LOCKED' });
    // A device waiting unactivated at Hello is activated by the station, then staged.
    expect(store.jobs.get(hello!)?.state).toBe('succeeded');
    expect(port.devices.get('hello-06')!.facts.activationState).toBe('Activated');
    expect(store.jobs.get(byod!)).toMatchObject({ state: 'failed', errorCode: 'USER_ENROLLMENT' });
    const finished = events.filter((e) => e.type === 'job-finished' && e.state === 'failed');
    expect(finished.every((e) => e.type === 'job-finished' && !!e.error?.remedy)).toBe(true);
  });

  it('retries transient errors with backoff and gives up after the limit', async () => {
    port.add('t-01');
    port.add('t-02');
    port.failNext('t-01', 'rename', 'TIMEOUT', 2);
    port.failNext('t-02', 'rename', 'TIMEOUT', 10);
    const r = runner();
    const [a, b] = startBatch(r, prepare, ['t-01', 't-02']);
    await r.idle();
    expect(store.jobs.get(a!)?.state).toBe('succeeded');
    expect(store.jobs.get(a!)?.steps.find((s) => s.name === 'rename')?.attempts).toBe(3);
    expect(store.jobs.get(b!)).toMatchObject({ state: 'failed', errorCode: 'TIMEOUT' });
    expect(store.jobs.get(b!)?.steps.find((s) => s.name === 'rename')?.attempts).toBe(4);
  });

  it('erases only with permission, then waits for the restart and re-pairs', async () => {
    port.add('e-01', { cloudConfigured: true, supervised: true, organizationName: 'Old Org', supervisorCertificates: [Buffer.from('old')] });
    const r = runner();
    const eraseBp = prepareBlueprint({ name: 'Prepare with erase', eraseIfConfigured: true, nameTemplate: 'Cart-{slot:2}' });
    const [jobId] = startBatch(r, eraseBp, ['e-01']);
    await r.idle();
    const job = store.jobs.get(jobId!)!;
    expect(job.state).toBe('succeeded');
    expect(port.devices.get('e-01')!.counters).toMatchObject({ erase: 1, pair: 2, setCloudConfiguration: 1 });
    expect(port.devices.get('e-01')!.facts.organizationName).toBe('Acme Schools');
  });

  it('cancels a queued job', async () => {
    port.add('c-01');
    port.add('c-02');
    const r = runner(1);
    const [, second] = startBatch(r, prepare, ['c-01', 'c-02']);
    expect(r.cancel(second!)).toBe(true);
    await r.idle();
    expect(store.jobs.get(second!)?.state).toBe('cancelled');
    expect(port.devices.get('c-02')!.counters.pair ?? 0).toBe(0);
  });

  it('cancels jobs a stopped station left unfinished (queued, or still "running" in the journal); none runs again', async () => {
    port.add('k-01');
    port.add('k-02');
    const saved = store.blueprints.save(prepare.name, prepare as never);
    const create = (udid: string) => {
      store.devices.upsert({ udid });
      return store.jobs.create({ udid, blueprint: { name: prepare.name, version: saved.blueprint.version }, steps: prepare.steps.map((s) => s.type) });
    };
    const interrupted = create('k-01');
    store.jobs.startStep(interrupted.id, 0);
    const queued = create('k-02');
    // A new station (`cartwright batch cancel`), before anything was queued in it.
    const r = runner();
    expect(r.cancel(interrupted.id)).toBe(true);
    expect(r.cancel(queued.id)).toBe(true);
    expect([store.jobs.get(interrupted.id)?.state, store.jobs.get(queued.id)?.state]).toEqual(['cancelled', 'cancelled']);
    expect(runner().resumeAll()).toBe(0);
    expect(port.devices.get('k-02')!.counters.pair ?? 0).toBe(0);
  });
});
