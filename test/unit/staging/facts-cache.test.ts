/**
 * The facts a job keeps between steps (issue 14): read once per step chain, kept true by the steps
 * that change the device, and still asked of the device where a step's verdict depends on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Blueprint as BlueprintSchema, type Blueprint } from '../../../electron/staging/blueprint.js';
import type { DeviceFacts, FactsPart, SupervisorIdentity } from '../../../electron/staging/device-port.js';
import { executeJob, type JobOutcome } from '../../../electron/staging/job-executor.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { openStore, type Store } from '../../../electron/store/store.js';
import { FakeDevicePort, inspectFakeProfile } from './helpers/fake-device-port.js';

const identity: SupervisorIdentity = {
  organization: 'Acme Schools',
  certificateDer: Buffer.from('acme-cert'),
  sign: async (c) => Buffer.concat([Buffer.from('signed:'), c]),
};

const wifi = { name: 'wifi', data: Buffer.from('com.acme.wifi|U-WIFI').toString('base64') };

describe('the facts a job keeps between its steps', () => {
  let dir: string;
  let store: Store;
  let port: FakeDevicePort;
  let published: DeviceFacts[];
  let parts: FactsPart[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-facts-'));
    store = openStore(dir);
    port = new FakeDevicePort();
    published = [];
    parts = [];
    const refreshFacts = port.refreshFacts.bind(port);
    port.refreshFacts = (udid, part, o) => (parts.push(part), refreshFacts(udid, part, o));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(blueprint: Blueprint, udid: string): Promise<JobOutcome> {
    const saved = store.blueprints.save(blueprint.name, blueprint as never);
    store.devices.upsert({ udid });
    const job = store.jobs.create({ udid, blueprint: { name: saved.blueprint.name, version: saved.blueprint.version }, steps: blueprint.steps.map((s) => s.type) });
    return executeJob(store.jobs.get(job.id)!, blueprint, {
      jobs: store.jobs,
      device: port,
      identity: () => identity,
      inspectProfile: inspectFakeProfile,
      storedEnrollmentProfile: async () => Buffer.from('com.acme.mdm|U-MDM|mdm'),
      enqueueMdm: (kind, payload, key, u) => store.outbox.enqueue({ idempotencyKey: key, deviceKey: u, kind, payload: payload as never }),
      hasMdmMessage: (key) => store.outbox.getByKey(key) !== undefined,
      slotOf: () => 3,
      audit: (e) => store.audit.append({ actor: 'test', source: 'cli', action: e.action, udid: e.udid, details: e.details as never }),
      emit: (e) => {
        if (e.type === 'device-facts') published.push(e.facts);
      },
      sleep: async () => undefined,
      random: () => 0,
    }, new AbortController().signal, 1);
  }

  it('reads them whole after pairing and at verify only; activation and supervision re-read their part alone', async () => {
    const d = port.add('dev-03', { activationState: 'Unactivated' });
    const prepare = prepareBlueprint({ profiles: [wifi], enrollProfile: { stored: 'enrollment' }, enrollMode: 'install', nameTemplate: 'Cart-{slot:2}' });
    expect(await run(prepare, 'dev-03')).toEqual({ kind: 'finished', state: 'succeeded' });
    expect(d.counters.facts).toBe(2);
    expect(parts).toEqual(['activation', 'cloud-configuration']);
    // What the tile and the store were told along the way, ending with verify's read of the device.
    expect(published.map((f) => f.name)).toContain('Cart-03');
    expect(published.at(-1)).toEqual(d.facts);
    // The report the MDM gets names the device as renamed, from the name the device read back.
    expect(store.outbox.list({ state: 'pending' })[0]?.payload).toMatchObject({ name: 'Cart-03' });
  });

  it('fails verify when the device lost a change a step remembered', async () => {
    const d = port.add('dev-04');
    const rename = port.rename.bind(port);
    port.rename = async (udid, name, o) => {
      const told = await rename(udid, name, o);
      d.facts.name = 'iPad';
      return told;
    };
    const outcome = await run(prepareBlueprint({ nameTemplate: 'Cart-{slot:2}' }), 'dev-04');
    expect(outcome).toMatchObject({ kind: 'finished', state: 'failed', error: { code: 'PROTOCOL' } });
    expect(outcome.kind === 'finished' && outcome.error?.message).toContain('name is "iPad", expected "Cart-03"');
  });

  it('asks the device for its profile list after an interactive install, which may wait for the user', async () => {
    port.add('dev-05');
    const blueprint = BlueprintSchema.parse({ name: 'Profiles only', steps: [{ type: 'pair' }, { type: 'inspect' }, { type: 'install-profiles', profiles: [wifi] }, { type: 'verify' }] });
    expect(await run(blueprint, 'dev-05')).toEqual({ kind: 'finished', state: 'succeeded' });
    expect(parts).toEqual(['profiles']);
  });
});
