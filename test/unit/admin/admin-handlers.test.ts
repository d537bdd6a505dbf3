import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toApiError } from '../../../electron/api/index.js';
import { verifyPin } from '../../../electron/mdm/index.js';
import { MDM_SECRET } from '../../../electron/mdm/settings.js';
import { createSupervisionIdentity, IdentityStore } from '../../../electron/profiles/index.js';
import type { Station } from '../../../electron/station/station.js';
import { stationInternals } from '../../../electron/station/station-internals.js';
import { sealedMethod } from '../../../electron/store/secret-box.js';
import { FakeWs1 } from '../../helpers/fake-ws1.js';
import { fakeSealer, openTestStation } from './station-fixture.js';

/** What a host would show for a failed call. */
async function failure(work: Promise<unknown>) {
  try {
    await work;
  } catch (e) {
    return toApiError(e);
  }
  throw new Error('expected the call to fail');
}

describe('admin commands: the MDM connection', () => {
  const ws1 = new FakeWs1();
  const sealer = fakeSealer();
  let station: Station;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ws1.addUser({ id: 5, username: 'staging', stagingType: 'MultipleUserStaging' });
    ws1.addGroup('ACME', 7);
    await ws1.up();
    ({ station, dispose } = await openTestStation({ secretSealer: sealer, outbox: { idleMs: 50 } }));
    station.activateStaging({ resumeAttached: false });
  });
  afterAll(async () => {
    await dispose();
    await ws1.down();
  });

  it('shows the local directory until an MDM is configured', async () => {
    const status = await station.handlers['mdm.status']({});
    expect(status.config).toMatchObject({ kind: 'local', url: null, credentialsStored: false });
    expect(status.counts).toEqual({ pending: 0, sending: 0, sent: 0, dead: 0 });
    expect(status.lastSync).toBeNull();
    expect(status.periodicSync).toEqual({ running: false, intervalMinutes: 15 });
  });

  it('configures Workspace ONE with sealed credentials that never come back', async () => {
    const view = await station.handlers['mdm.configure']({ kind: 'workspace-one', url: ws1.url, username: 'api', password: 'pw', tenantCode: 'TENANT', og: 'ACME', stagingUser: 'staging' });
    expect(view).toEqual({ kind: 'workspace-one', url: ws1.url, group: 'ACME', stagingUser: 'staging', authMethod: 'basic', account: 'api', credentialsStored: true });
    // Sealed by the shell's keychain sealer, not a passphrase.
    expect(sealedMethod(stationInternals(station).store.settings.getSecret(MDM_SECRET)!)).toBe('os');
    expect(sealer.sealed).toBeGreaterThan(0);
    const everything = JSON.stringify([view, await station.handlers['mdm.status']({}), stationInternals(station).store.audit.query({ action: 'mdm.configure', limit: 5 })]);
    expect(everything).not.toMatch(/"pw"|TENANT/);
  });

  it('explains a configuration it cannot store, in the screen’s words', async () => {
    const e = await failure(station.handlers['mdm.configure']({ kind: 'workspace-one', url: ws1.url, username: 'api' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).not.toContain('--');
    expect(e.message).toMatch(/the password/);
  });

  it('tests the connection: each check with its verdict', async () => {
    const report = await station.handlers['mdm.test']({});
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(['credentials', 'organization group', 'staging user']);
  });

  it('lists a dead letter with the MDM’s answer, and puts it back in line on Retry', async () => {
    const { store, mdmLink } = stationInternals(station);
    const { message } = store.outbox.enqueue({ idempotencyKey: 'k-1', deviceKey: 'SERIAL1', kind: 'device-staged', payload: { serial: 'SERIAL1' } });
    // Claim it before the worker does, and have the MDM refuse it for good.
    await mdmLink.outbox?.stop();
    store.outbox.claimReady(10);
    store.outbox.markFailed(message.id, 'MDM_REJECTED (HTTP 400): Found existing enrolled device record [errorCode 6181]', { permanent: true });
    const outbox = await station.handlers['mdm.outbox']({ limit: 50 });
    expect(outbox.counts.dead).toBe(1);
    expect(outbox.dead[0]).toMatchObject({ id: message.id, kind: 'device-staged', device: 'SERIAL1', state: 'dead', lastError: expect.stringContaining('6181') });
    expect(JSON.stringify(outbox)).not.toContain('payload');

    const retried = await station.handlers['mdm.retryDead']({ id: message.id });
    expect(retried.message).toMatchObject({ id: message.id, state: 'pending', attempts: 0 });
    expect(store.audit.query({ action: 'mdm.outbox.retry', limit: 5 })).toHaveLength(1);
    expect(await failure(station.handlers['mdm.retryDead']({ id: message.id }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('no longer in the dead-letter list') });
    expect(await failure(station.handlers['mdm.retryDead']({ id: 9999 }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('syncs now and lists the run', async () => {
    const { run } = await station.handlers['mdm.sync']({});
    expect(run).toMatchObject({ connector: 'workspace-one', trigger: 'manual', state: 'succeeded', users: 1 });
    const runs = await station.handlers['mdm.syncRuns']({ limit: 5 });
    expect(runs[0]?.id).toBe(run.id);
    expect((await station.handlers['mdm.status']({})).lastSync?.id).toBe(run.id);
  });

  it('records renewal dates and warns about those close to expiry', async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const r = await station.handlers['mdm.setExpiry']({ apnsCertificate: soon, adeServerToken: '2099-01-01' });
    expect(r.expiry).toEqual([expect.objectContaining({ item: 'apnsCertificate', label: 'APNs certificate', level: 'warning' })]);
    expect((await station.handlers['mdm.status']({})).expiryDates.adeServerToken).toMatch(/^2099-01-01/);
  });

  it('says clearly when the MDM is down', async () => {
    await ws1.down();
    try {
      const report = await station.handlers['mdm.test']({});
      expect(report.ok).toBe(false);
      expect(report.checks[0]).toMatchObject({ name: 'credentials', ok: false, detail: expect.stringMatching(/MDM_UNAVAILABLE/) });
    } finally {
      await ws1.up();
    }
  });
});

describe('admin commands: credentials a headless station cannot open', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('answer with the sentence and the remedy, not INTERNAL', async () => {
    vi.stubEnv('CARTWRIGHT_SECRET_PASSPHRASE', 'first');
    const t = await openTestStation();
    try {
      await t.station.handlers['mdm.configure']({ kind: 'meraki', apiKey: 'key', network: 'N_1' });
      vi.stubEnv('CARTWRIGHT_SECRET_PASSPHRASE', 'second');
      const e = await failure(t.station.handlers['mdm.test']({}));
      expect(e).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('cannot be opened'), remedy: expect.stringContaining('passphrase') });
    } finally {
      await t.dispose();
    }
  });
});

describe('admin commands: identity and directory', () => {
  let station: Station;
  let dir: string;
  let dispose: () => Promise<void>;
  const sealer = fakeSealer();

  beforeAll(async () => {
    ({ station, dir, dispose } = await openTestStation({ secretSealer: sealer }));
  });
  afterAll(() => dispose());

  it('shows no identity, then the stored one’s certificate, which the station can also use', async () => {
    expect(await station.handlers['identity.show']({})).toEqual({ source: 'stored', identity: null });
    const identity = await createSupervisionIdentity({ organization: 'Lakeside Schools', keyType: 'p256' });
    new IdentityStore({ dataDir: `${dir}/data`, secretBox: () => stationInternals(station).secrets.secretBox() }).save(identity);
    const shown = await station.handlers['identity.show']({});
    expect(shown.identity).toMatchObject({ organization: 'Lakeside Schools', keyType: 'p256', expired: false, savedAt: expect.any(String) });
    expect(shown.identity?.fingerprintSha256).toMatch(/[0-9A-F:]{20,}/i);
    // The private key was sealed by the keychain and opens through the same sealer.
    expect(stationInternals(station).secrets.identity()?.organization).toBe('Lakeside Schools');
  });

  it('adds a user with a hashed PIN, finds them, and refuses a duplicate id', async () => {
    const { user } = await station.handlers['users.add']({ id: 'u1', name: 'Ana Ruiz', username: 'ana', email: 'ana@example.org', badge: '4001', pin: '1234', groups: ['staff'] });
    expect(user).toMatchObject({ id: 'u1', name: 'Ana Ruiz', hasBadge: true, hasPin: true, source: 'local' });
    expect(JSON.stringify(user)).not.toMatch(/4001|1234|scrypt/);
    const stored = stationInternals(station).store.users.get('u1')!;
    expect(stored.pinHash).toMatch(/^scrypt\$/);
    expect(await verifyPin('1234', stored.pinHash!)).toBe(true);
    expect((await station.handlers['users.search']({ query: 'ruiz', limit: 5 })).users.map((u) => u.id)).toEqual(['u1']);
    expect(await failure(station.handlers['users.add']({ id: 'u1', name: 'Someone else', groups: [] }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('u1') });
    expect(await failure(station.handlers['users.add']({ id: 'u2', name: 'Badge thief', badge: '4001', groups: [] }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('imports a CSV all or nothing, with every bad line named', async () => {
    const bad = await station.handlers['users.import']({ csv: 'id,name,email,pin\nb1,Bo,bo@example.org,1111\n,,,2222\nb3,Cy,not-an-email,3333\nb4,Dee,dee@example.org,12\n' });
    expect(bad.imported).toBe(0);
    expect(bad.errors).toEqual([expect.stringMatching(/^line 3: no id/), expect.stringMatching(/^line 4: .*not an email/), expect.stringMatching(/^line 5: b4: .*4 to 12 digits/)]);
    expect(stationInternals(station).store.users.get('b1')).toBeUndefined();

    const clash = await station.handlers['users.import']({ csv: 'id,name,badge\nc1,Cleo,4001\n' });
    expect(clash).toMatchObject({ imported: 0, errors: [expect.stringContaining('nothing was imported')] });

    const good = await station.handlers['users.import']({ csv: 'id,name,email,badge,pin,groups\nb1,Bo,bo@example.org,5001,1111,staff;lab\nb2,Di,di@example.org,,,\n', fileName: 'staff.csv' });
    expect(good).toEqual({ imported: 2, withPin: 1, errors: [] });
    const list = await station.handlers['users.list']({ limit: 500 });
    expect(list.total).toBe(3);
    expect(list.users.find((u) => u.id === 'b1')).toMatchObject({ groups: ['staff', 'lab'], hasPin: true, hasBadge: true });
    expect(await station.handlers['users.import']({ csv: '' })).toMatchObject({ imported: 0, errors: [expect.stringContaining('no users')] });
  });
});
