import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('cartwright mdm / users / ade commands', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-mdm-cli-'));
    env = { CARTWRIGHT_DATA_DIR: join(dir, 'data'), CARTWRIGHT_SECRET_PASSPHRASE: '', CARTWRIGHT_SECRET_KEYFILE: '' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ade reconcile reports missing serials both ways, ignoring case and whitespace', async () => {
    const abm = join(dir, 'abm.csv');
    const mdm = join(dir, 'mdm.csv');
    writeFileSync(abm, 'Serial Number,Device Model,Order Number,Device Added By\nF2LXX0000001,iPad (9th generation),ORD1,Apple\n f2lxx0000002 ,iPad,ORD1,Apple\nF2LXX0000003,iPad,ORD2,Apple\n');
    writeFileSync(mdm, 'DeviceFriendlyName,SerialNumber,EnrollmentStatus\nCart-01,f2lxx0000001,Enrolled\nCart-02,"F2LXX 0000002",Enrolled\nCart-09,DMPXX0000009,Enrolled\n');
    const r = await runCli(['ade', 'reconcile', abm, mdm, '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ missingFromMdm: ['F2LXX0000003'], missingFromAbm: ['DMPXX0000009'], inBoth: 2, abmCount: 3, mdmCount: 3, inSync: false });

    const human = await runCli(['ade', 'reconcile', abm, mdm], env);
    expect(human.stdout).toContain('In ABM but not in the MDM (1): F2LXX0000003');
    expect(human.stdout).toContain('In the MDM but not in ABM (1): DMPXX0000009');

    const missing = await runCli(['ade', 'reconcile', join(dir, 'nope.csv'), mdm, '--json'], env);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('INVALID_INPUT');
  });

  it('imports local users (hashing PINs) and searches them through the local connector', async () => {
    const csv = join(dir, 'users.csv');
    writeFileSync(csv, 'id,name,email,badge,pin,groups\nu1,Ann Lee,ann@example.com,B-001,1234,nurses\nu2,Bo Chan,bo@example.com,B-002,,\n');
    const imported = await runCli(['users', 'import', csv, '--json'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ imported: 2, withPin: 1 });

    const search = await runCli(['mdm', 'users', 'ann', '--json'], env);
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout).users).toEqual([{ id: 'u1', username: null, name: 'Ann Lee', email: 'ann@example.com', badge: null, groups: ['nurses'] }]);
    // Only a digest of the badge is stored, so there is no number to print.
    expect(search.stdout).not.toContain('B-001');
    expect(search.stdout).not.toContain('scrypt');

    const outbox = await runCli(['mdm', 'outbox', '--json'], env);
    expect(JSON.parse(outbox.stdout).counts).toEqual({ pending: 0, sending: 0, sent: 0, dead: 0 });
  });

  it('seals MDM credentials, and names the env var when there is no key', async () => {
    const refused = await runCli(['mdm', 'configure', '--kind', 'meraki', '--api-key', 'mk-secret-42', '--network', 'N_1', '--json'], env);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.message).toMatch(/CARTWRIGHT_SECRET_PASSPHRASE/);

    const stored = await runCli(['mdm', 'configure', '--kind', 'meraki', '--api-key', 'mk-secret-42', '--network', 'N_1', '--json'], { ...env, CARTWRIGHT_SECRET_PASSPHRASE: 'station pass' });
    expect(stored.code).toBe(0);
    // The Admin screen's view of the configuration (mdm.configure): never a secret, only that one is stored.
    expect(JSON.parse(stored.stdout)).toEqual({ kind: 'meraki', url: null, group: 'N_1', stagingUser: null, authMethod: null, account: null, credentialsStored: true });
    const db = readFileSync(join(dir, 'data', 'cartwright.db'));
    expect(db.includes(Buffer.from('mk-secret-42'))).toBe(false);

    const usage = await runCli(['mdm', 'configure', '--kind', 'workspace-one', '--url', 'https://as1.awmdm.com', '--json'], env);
    expect(usage.code).toBe(2);
    // The station's sentence, as the MDM screen shows it.
    expect(JSON.parse(usage.stdout).error.message).toMatch(/the username, the password and the tenant code/);
  });
});
