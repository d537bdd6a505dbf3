import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MdmActions } from '../../../electron/mdm/actions.js';
import { createConnector } from '../../../electron/mdm/factory.js';
import { parseUsersCsv } from '../../../electron/mdm/local/csv-users.js';
import { LocalConnector } from '../../../electron/mdm/local/connector.js';
import { hashPin, verifyPin } from '../../../electron/mdm/local/pin.js';
import { OutboxWorker } from '../../../electron/mdm/outbox-worker.js';
import { MDM_SECRET, loadMdmConfig, saveMdmConfig } from '../../../electron/mdm/settings.js';
import { runSync } from '../../../electron/mdm/sync.js';
import { wsEnum, STAGING_TYPES } from '../../../electron/mdm/ws1/schemas.js';
import type { MdmConnector } from '../../../electron/mdm/connector.js';
import type { MdmDevice } from '../../../electron/mdm/types.js';
import { openStore, type Store } from '../../../electron/store/index.js';
import { PassphraseSecretBox, secretBoxFrom } from '../../../electron/store/secret-box.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-mdm-unit-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('local directory', () => {
  it('imports CSV users, hashing plain PINs, and rejects the whole file on one bad row', async () => {
    const good = parseUsersCsv('id,name,email,badge,pin,groups\nu1,Ann Lee,ann@example.com,B-001,1234,nurses;ward 3\nu2,Bo,,B-002,,\n');
    expect(good.errors).toEqual([]);
    expect(good.users[0]).toMatchObject({ id: 'u1', badge: 'B-001', groups: ['nurses', 'ward 3'], source: 'local' });
    expect(good.users[0]?.pinHash).toMatch(/^scrypt\$/);
    expect(good.users[0]?.pinHash).not.toContain('1234');
    expect(await verifyPin('1234', good.users[0]?.pinHash as string)).toBe(true);
    expect(await verifyPin('4321', good.users[0]?.pinHash as string)).toBe(false);
    expect(good.users[1]?.pinHash).toBeNull();

    const bad = parseUsersCsv('id,name,pin hash\nu1,Ann,plain\nu1,Dup,\n,NoId,\n');
    expect(bad.errors).toEqual([
      'line 2: the PIN hash of u1 is refused: it is not a Cartwright scrypt hash (use a "pin" column to import plain PINs)',
      'line 3: user id u1 already appears on line 2',
      'line 4: no id (nor username or email to use as one)',
    ]);
    expect(parseUsersCsv('id,name,pin_hash\nu1,Ann,' + hashPin('9876') + '\n').errors).toEqual([]);
  });

  it('checks devices out and in with no remote MDM, through the outbox', async () => {
    store.users.upsert({ id: 'u1', name: 'Ann', source: 'local' });
    store.devices.upsert({ udid: 'udid-1', serial: 'F2LXX0000001' });
    const actions = new MdmActions(store);
    const connector = new LocalConnector(store);
    actions.checkOut({ udid: 'udid-1', userId: 'u1', slotNumber: 4 });
    expect((await connector.getDeviceBySerial('f2lxx0000001'))?.userId).toBe('u1');
    actions.checkIn({ udid: 'udid-1', returnSlotNumber: 5 });
    expect(await new OutboxWorker(store, connector).drain()).toEqual({ delivered: 2, failed: 0, dead: 0 });
    expect(store.checkouts.history('udid-1')[0]).toMatchObject({ state: 'returned', slotNumber: 4, returnSlotNumber: 5 });
    await expect(connector.wipe('F2LXX0000001', 'device')).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/erase/) });
  });
});

describe('settings', () => {
  it('seals credentials and refuses to store them without a station key', () => {
    const box = new PassphraseSecretBox('correct horse');
    saveMdmConfig(store, { kind: 'workspace-one', url: 'https://as1.awmdm.com', username: 'api', password: 'pw-123', tenantCode: 'TC-9', og: 'ACME' }, () => box);
    const raw = store.db.prepare('SELECT value, sealed FROM settings').all() as { value: string | null; sealed: Buffer | null }[];
    expect(JSON.stringify(raw.map((r) => [r.value, r.sealed?.toString('latin1')]))).not.toMatch(/pw-123|TC-9/);
    expect(loadMdmConfig(store, () => box)).toMatchObject({ kind: 'workspace-one', password: 'pw-123', tenantCode: 'TC-9', og: 'ACME' });
    expect(store.settings.getSecret(MDM_SECRET)).toBeDefined();
    expect(() => saveMdmConfig(store, { kind: 'meraki', apiKey: 'k', network: 'N_1' }, () => secretBoxFrom({}, {}))).toThrow(/CARTWRIGHT_SECRET_PASSPHRASE/);
    expect(() => saveMdmConfig(store, { kind: 'workspace-one', url: 'http://as1.awmdm.com', username: 'a', password: 'b', tenantCode: 'c' }, () => box)).toThrow(/https/);
    expect(() => saveMdmConfig(store, { kind: 'workspace-one', url: 'https://as1.awmdm.com', username: 'a' }, () => box)).toThrow(/--password and --tenant-code/);
    saveMdmConfig(store, { kind: 'local' }, () => {
      throw new Error('a local directory needs no key');
    });
    expect(createConnector(store).kind).toBe('local');
  });

  it('reads WS1 enums by name and by numeric string', () => {
    const e = wsEnum(STAGING_TYPES);
    expect(e.parse('MultipleUserStaging')).toBe('MultipleUserStaging');
    expect(e.parse('3')).toBe('MultipleUserStaging');
    expect(e.parse(2)).toBe('SingleUserStagingAdvanced');
    expect(e.parse('singleuserstagingstandard')).toBe('SingleUserStagingStandard');
    expect(e.parse('Nonsense')).toBeNull();
    expect(e.parse(undefined)).toBeNull();
  });
});

describe('sync loop', () => {
  function fakeConnector(answers: Map<string, MdmDevice>): MdmConnector {
    const no = (): never => {
      throw new Error('not used');
    };
    return {
      kind: 'workspace-one',
      testConnection: no,
      searchUsers: no,
      getUser: no,
      listUsers: async () => [{ id: '11', username: 'ann', name: 'Ann', email: null, groups: [] }],
      getDeviceBySerial: async (serial) => answers.get(serial),
      registerDevice: no,
      checkOut: no,
      checkIn: no,
      wipe: no,
      moveDevice: no,
      reportStaged: no,
      lostModeSupport: () => ({ supported: false, reason: 'not used' }),
      enableLostMode: no,
      disableLostMode: no,
      enrollmentInfo: no,
      adeFacts: async (serial) => ({ serial, assigned: serial === 'S2', server: 'ABM Prod', profileName: 'Staging', profileUuid: null, profileStatus: 'assigned' }),
      vppFacts: no,
    };
  }
  const device = (serial: string, userId: string, username: string): MdmDevice => ({
    id: '1', serial, udid: null, imei: null, name: null, username, userId, enrollment: 'enrolled', enrollmentStatus: 'Enrolled', supervised: true, enrolledViaAde: false, group: null, tags: [],
  });

  it('confirms enrollment, notices a Single User Standard reassignment, records ADE facts, and records the run', async () => {
    store.devices.upsert({ udid: 'u1', serial: 'S1' });
    store.devices.upsert({ udid: 'u2', serial: 'S2' });
    const answers = new Map([['S1', device('S1', '99', 'staging')]]);
    const first = await runSync(store, fakeConnector(answers), { trigger: 'manual' });
    expect(first.state).toBe('succeeded');
    expect(first.stats).toMatchObject({ users: 1, checked: 2, enrolled: 1, notEnrolled: 1, reassigned: [], adeAssigned: ['S2'] });
    expect(String((first.stats.warnings as string[])[0])).toMatch(/S2 is ADE-assigned to ABM Prod/);
    expect(store.users.get('11')?.source).toBe('mdm');

    answers.set('S1', device('S1', '11', 'ann'));
    const second = await runSync(store, fakeConnector(answers), { trigger: 'periodic' });
    expect(second.stats.reassigned).toEqual([{ serial: 'S1', from: '99', to: '11' }]);
    expect(store.assignments.current({ udid: 'u1' })).toMatchObject({ userId: '11', kind: 'first-user' });
    expect(store.audit.query({ action: 'mdm.reassigned' })).toHaveLength(1);
    expect(store.mdmDevices.get('s1')).toMatchObject({ enrollment: 'enrolled', username: 'ann', adeAssigned: false });
    expect(store.syncRuns.list().map((r) => r.trigger)).toEqual(['periodic', 'manual']);
  });
});
