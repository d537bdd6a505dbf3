import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchToResult, hostedCommands, kioskMayRun, type HostedCommandName } from '../../../electron/api/index.js';
import { enrollmentProfileCommands } from '../../../electron/api/enrollment-profile.js';
import { identityCommands } from '../../../electron/api/identity.js';
import { mdmLookupCommands } from '../../../electron/api/mdm-lookups.js';
import { createSupervisionIdentity, identityFromPkcs12, identityToPkcs12, summarizeIdentity } from '../../../electron/profiles/index.js';
import type { Station } from '../../../electron/station/station.js';
import { stationInternals } from '../../../electron/station/station-internals.js';
import { fakeSealer, openTestStation } from './station-fixture.js';

/** The commands the CLI's identity, profile, mdm, audit and `stage --resume` formatters call. */
const MOVED: HostedCommandName[] = [
  ...(Object.keys(mdmLookupCommands) as HostedCommandName[]),
  ...(Object.keys(identityCommands) as HostedCommandName[]),
  ...(Object.keys(enrollmentProfileCommands) as HostedCommandName[]),
  'staging.unfinished',
  'staging.resume',
  'audit.verify',
];

describe('the station commands behind the CLI’s admin formatters', () => {
  let station: Station;
  let dispose: () => Promise<void>;
  const run = (name: string, input: unknown) => dispatchToResult(station.handlers, name, input);

  beforeAll(async () => {
    ({ station, dispose } = await openTestStation({ secretSealer: fakeSealer() }));
  });
  afterAll(() => dispose());

  it('are in every host’s table and none is kiosk-allowed', async () => {
    for (const name of MOVED) {
      expect(Object.hasOwn(hostedCommands, name), name).toBe(true);
      expect(kioskMayRun(name), name).toBe(false);
    }
    const refused = await dispatchToResult(station.handlers, 'identity.export', { password: 'pw' }, { kiosk: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('import, check and export the identity; the audit log names fingerprints, never a password', async () => {
    expect(await run('identity.check', {})).toMatchObject({ ok: true, value: { usable: false, problem: expect.stringMatching(/no supervision identity/), identity: null } });
    const created = await createSupervisionIdentity({ organization: 'Acme Schools', keyType: 'p256', years: 2 });
    const fingerprint = summarizeIdentity(created).fingerprintSha256;
    const file = identityToPkcs12(created, { password: 'secret-p12-pw' }).toString('base64');

    const imported = await run('identity.import', { pkcs12: file, password: 'secret-p12-pw' });
    expect(imported).toMatchObject({ ok: true, value: { identity: { fingerprintSha256: fingerprint, organization: 'Acme Schools' } } });
    // Staging sees the new identity at once (the station had cached "none").
    expect(await run('identity.check', {})).toMatchObject({ ok: true, value: { usable: true, problem: null, identity: { fingerprint } } });

    const exported = await run('identity.export', { password: 'backup-pw', encryption: 'aes256' });
    if (!exported.ok) throw new Error(exported.error.message);
    const back = identityFromPkcs12(Buffer.from((exported.value as { pkcs12: string }).pkcs12, 'base64'), 'backup-pw');
    expect(summarizeIdentity(back).fingerprintSha256).toBe(fingerprint);

    const other = await createSupervisionIdentity({ organization: 'Other', keyType: 'p256', years: 1 });
    const clash = await run('identity.import', { pkcs12: identityToPkcs12(other, { password: 'pw2' }).toString('base64'), password: 'pw2' });
    // Every host sees a stable code; the profiles layer's finer one rides along as the cause (the CLI prints it).
    expect(clash).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already has a different supervision identity/) } });
    expect(clash.ok ? null : (clash.cause as { cause?: { code?: string } }).cause?.code).toBe('IDENTITY_EXISTS');

    const audit = stationInternals(station).store.audit.query({ limit: 50, order: 'asc' });
    expect(audit.map((e) => e.action)).toEqual(['identity.store', 'identity.export', 'identity.import.failed']);
    expect(audit[0]?.details).toMatchObject({ fingerprint, replace: false, origin: 'imported' });
    const text = JSON.stringify(audit);
    for (const secret of ['secret-p12-pw', 'backup-pw', 'pw2', file.slice(0, 40)]) expect(text).not.toContain(secret);
  });

  it('answers a missing enrollment profile and a wrong PKCS#12 password with host codes, not INTERNAL', async () => {
    expect(await run('enrollmentProfile.show', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const other = await createSupervisionIdentity({ organization: 'Other', keyType: 'p256', years: 1 });
    const wrong = await run('identity.import', { pkcs12: identityToPkcs12(other, { password: 'right' }).toString('base64'), password: 'wrong' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses a malformed PKCS#12 at the boundary and an empty export password', async () => {
    expect(await run('identity.import', { pkcs12: 'not base64!', password: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await run('identity.export', { password: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('resume with nothing unfinished, verify the audit chain, and search the local directory', async () => {
    expect(await run('staging.unfinished', {})).toEqual({ ok: true, value: { jobs: [] } });
    expect(await run('staging.resume', {})).toEqual({ ok: true, value: { jobs: [] } });
    expect(await run('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true, firstBreak: null } });
    await run('users.add', { id: 'u9', name: 'Dee Park', email: 'dee@example.com' });
    expect(await run('mdm.users', { query: 'dee' })).toMatchObject({ ok: true, value: { users: [{ id: 'u9', name: 'Dee Park' }] } });
    expect(await run('mdm.deliver', {})).toEqual({ ok: true, value: { delivered: 0, failed: 0, dead: 0 } });
  });
});
