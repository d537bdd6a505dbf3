import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBlueprint, type Blueprint } from '../../../electron/staging/blueprint.js';
import type { SupervisorIdentity } from '../../../electron/staging/device-port.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { StagingRunner } from '../../../electron/staging/runner.js';
import { openStore, type Store } from '../../../electron/store/store.js';
import { FakeDevicePort, inspectFakeProfile } from './helpers/fake-device-port.js';

const identity: SupervisorIdentity = {
  organization: 'Acme Schools',
  certificateDer: Buffer.from('acme-cert'),
  sign: async (c) => Buffer.concat([Buffer.from('signed:'), c]),
};

/** Setup Assistant finished by a person: its own record, not supervised, nothing applied. */
const SET_UP = { setupState: 'set-up', cloudConfigured: false, supervised: false } as const;

describe('erase decisions from the device state (real SQLite journal, device port fake at the seam)', () => {
  let dir: string;
  let store: Store;
  let port: FakeDevicePort;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-erase-'));
    store = openStore(dir);
    port = new FakeDevicePort();
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function runner(): StagingRunner {
    return new StagingRunner({
      jobs: store.jobs,
      device: port,
      concurrency: 2,
      identity: () => identity,
      inspectProfile: inspectFakeProfile,
      storedEnrollmentProfile: async () => null,
      enqueueMdm: (kind, payload, key, udid) => store.outbox.enqueue({ idempotencyKey: key, deviceKey: udid, kind, payload: payload as never }),
      hasMdmMessage: (key) => store.outbox.getByKey(key) !== undefined,
      slotOf: () => 1,
      audit: (e) => store.audit.append({ actor: 'test', source: 'cli', action: e.action, udid: e.udid, details: e.details as never }),
      emit: () => undefined,
      loadBlueprint: (name, version) => {
        const parsed = parseBlueprint(store.blueprints.get(name, version)?.body);
        if (!parsed.ok) throw new Error(parsed.errors.join('; '));
        return parsed.blueprint;
      },
      isAttached: (udid) => port.devices.get(udid)?.attached ?? false,
      sleep: async () => undefined,
      random: () => 0,
    });
  }

  function createJob(blueprint: Blueprint, udid: string): string {
    const saved = store.blueprints.save(blueprint.name, blueprint as never);
    store.devices.upsert({ udid });
    return store.jobs.create({ udid, blueprint: { name: saved.blueprint.name, version: saved.blueprint.version }, steps: blueprint.steps.map((s) => s.type) }).id;
  }

  async function stage(blueprint: Blueprint, udid: string) {
    const r = runner();
    const id = createJob(blueprint, udid);
    r.enqueue(id, 1);
    await r.idle();
    return store.jobs.get(id)!;
  }

  const withErase = prepareBlueprint({ name: 'Prepare with erase', eraseIfConfigured: true, nameTemplate: 'Cart-{slot:2}' });
  const withoutErase = prepareBlueprint({ name: 'Prepare', nameTemplate: 'Cart-{slot:2}' });

  it('refuses a set-up device with a clear sentence when erasing is not allowed, touching nothing', async () => {
    port.add('s-01', SET_UP);
    const job = await stage(withoutErase, 's-01');
    expect(job).toMatchObject({ state: 'failed', errorCode: 'CLOUD_CONFIG_PRESENT' });
    expect(job.errorMessage).toMatch(/already set up/);
    expect(port.devices.get('s-01')!.counters.erase ?? 0).toBe(0);
    expect(port.devices.get('s-01')!.counters.setCloudConfiguration ?? 0).toBe(0);
  });

  it('erases a set-up device when allowed, then re-pairs and supervises it in the same job', async () => {
    port.add('s-02', SET_UP);
    const job = await stage(withErase, 's-02');
    expect(job.state).toBe('succeeded');
    expect(port.devices.get('s-02')!.counters).toMatchObject({ erase: 1, pair: 2, setCloudConfiguration: 1 });
    expect(port.devices.get('s-02')!.facts.organizationName).toBe('Acme Schools');
  });

  it('never erases a device still in Setup Assistant, even with erasing allowed', async () => {
    port.add('f-03');
    const job = await stage(withErase, 'f-03');
    expect(job.state).toBe('succeeded');
    expect(port.devices.get('f-03')!.counters.erase ?? 0).toBe(0);
    expect(job.steps.find((s) => s.name === 'erase')?.state).toBe('skipped');
  });

  it('does not erase a device in Setup Assistant that already has a configuration applied', async () => {
    port.add('a-04', { cloudConfigured: true, setupState: 'in-setup-assistant' });
    const job = await stage(withErase, 'a-04');
    expect(job).toMatchObject({ state: 'failed', errorCode: 'CLOUD_CONFIG_PRESENT' });
    expect(port.devices.get('a-04')!.counters.erase ?? 0).toBe(0);
  });

  it('takes a 14002 refusal into the erase path when allowed: erase, restart, pair, activate, supervise', async () => {
    port.add('r-05');
    port.failNext('r-05', 'setCloudConfiguration', 'CLOUD_CONFIG_PRESENT');
    const job = await stage(withErase, 'r-05');
    expect(job.state).toBe('succeeded');
    expect(port.devices.get('r-05')!.counters).toMatchObject({ erase: 1, setCloudConfiguration: 1 });
    expect(port.devices.get('r-05')!.facts).toMatchObject({ supervised: true, organizationName: 'Acme Schools', activationState: 'Activated' });
    const again = store.audit.query({ udid: "r-05" }).map((e) => e.action).filter((a) => a.endsWith('.again'));
    expect(again).toEqual(expect.arrayContaining(['step.erase.again', 'step.await-reboot.again']));
  });

  it('fails a 14002 refusal with the reason when erasing is not allowed', async () => {
    port.add('r-06');
    port.failNext('r-06', 'setCloudConfiguration', 'CLOUD_CONFIG_PRESENT');
    const job = await stage(withoutErase, 'r-06');
    expect(job).toMatchObject({ state: 'failed', errorCode: 'CLOUD_CONFIG_PRESENT' });
    expect(port.devices.get('r-06')!.counters.erase ?? 0).toBe(0);
  });

  it('after a crash between erase and reboot, the resumed job still waits and pairs again (from the device, not the history)', async () => {
    const d = port.add('c-07', SET_UP);
    const id = createJob(withErase, 'c-07');
    // The killed station had finished pair, inspect and erase; the device erased itself meanwhile
    // and forgot the pairing. This station process never sent an erase (no in-memory marker).
    for (const step of store.jobs.get(id)!.steps.filter((s) => ['pair', 'inspect', 'erase'].includes(s.name))) {
      store.jobs.startStep(id, step.ordinal);
      store.jobs.succeedStep(id, step.ordinal, null);
    }
    Object.assign(d.facts, { setupState: 'in-setup-assistant', activationState: 'Unactivated' });
    d.paired = false;
    const r = runner();
    expect(r.resumeAll()).toBe(1);
    await r.idle();
    const job = store.jobs.get(id)!;
    expect(job.state).toBe('succeeded');
    expect(job.steps.find((s) => s.name === 'await-reboot')?.state).toBe('succeeded');
    expect(d.counters).toMatchObject({ pair: 1, setCloudConfiguration: 1 });
    expect(d.counters.erase ?? 0).toBe(0);
  });
});
