import { execFile, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'profiles');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

/** Spawn the real `cartwright` asynchronously (a local HTTPS server in this process must keep answering). */
function cartwright(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [join(root, 'bin', 'cartwright.cjs'), ...args], { cwd: work, env: { ...process.env, CARTWRIGHT_DATA_DIR: dataDir, CARTWRIGHT_SECRET_PASSPHRASE: 'station secret', ...env } }, (err, stdout, stderr) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        // text output
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, json });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'cartwright-cli-profiles-'));
const dataDir = join(work, 'data');
const at = (name: string): string => join(work, name);
const opensslOk = (args: string[]): void => {
  const r = spawnSync('openssl', args, { cwd: work });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr.toString()}`);
};

describe('cartwright identity', () => {
  it('create writes a PKCS#12 OpenSSL reads; import/show/export use the sealed station store', async () => {
    const created = await cartwright(['identity', 'create', '--org', 'Acme Schools', '--out', at('acme.p12'), '--password', 'pw', '--key', 'p256', '--years', '3', '--json']);
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({ created: true, identity: { organization: 'Acme Schools', keyType: 'p256' } });
    opensslOk(['pkcs12', '-info', '-in', at('acme.p12'), '-passin', 'pass:pw', '-nokeys']);

    const fingerprint = (created.json.identity as { fingerprintSha256: string }).fingerprintSha256;
    const imported = await cartwright(['identity', 'import', at('acme.p12'), '--password', 'pw', '--json']);
    expect(imported).toMatchObject({ code: 0, json: { imported: true, identity: { fingerprintSha256: fingerprint } } });
    expect(readFileSync(join(dataDir, 'supervision-identity.json'), 'utf8')).not.toContain('PRIVATE');

    const shown = await cartwright(['identity', 'show', '--json'], { CARTWRIGHT_SECRET_PASSPHRASE: '' });
    expect(shown).toMatchObject({ code: 0, json: { source: { kind: 'station' }, identity: { fingerprintSha256: fingerprint } } });
    const shownFile = await cartwright(['identity', 'show', at('acme.p12'), '--password', 'pw', '--json']);
    expect(shownFile.json).toMatchObject({ source: { kind: 'file' }, identity: { fingerprintSha256: fingerprint } });

    const exported = await cartwright(['identity', 'export', '--out', at('export.p12'), '--password', 'new-pw', '--encryption', 'aes256', '--json']);
    expect(exported.code).toBe(0);
    opensslOk(['pkcs12', '-info', '-in', at('export.p12'), '-passin', 'pass:new-pw', '-nokeys']);

    const wrongSecret = await cartwright(['identity', 'export', '--out', at('x.p12'), '--password', 'pw', '--json'], { CARTWRIGHT_SECRET_PASSPHRASE: 'not it' });
    expect(wrongSecret).toMatchObject({ code: 1, json: { error: { code: 'SECRET_WRONG_KEY' } } });
  });

  it('wrong password, truncated file, replacement and usage errors have stable codes', async () => {
    await cartwright(['identity', 'create', '--org', 'Other', '--out', at('other.p12'), '--password', 'pw']);
    expect(await cartwright(['identity', 'show', at('other.p12'), '--password', 'bad', '--json'])).toMatchObject({ code: 1, json: { error: { code: 'PKCS12_WRONG_PASSWORD' } } });
    writeFileSync(at('truncated.p12'), readFileSync(at('other.p12')).subarray(0, 200));
    expect(await cartwright(['identity', 'show', at('truncated.p12'), '--password', 'pw', '--json'])).toMatchObject({ code: 1, json: { error: { code: 'PKCS12_CORRUPT' } } });
    expect(await cartwright(['identity', 'import', at('other.p12'), '--password', 'pw', '--json'])).toMatchObject({ code: 1, json: { error: { code: 'IDENTITY_EXISTS' } } });
    expect((await cartwright(['identity', 'create', '--out', at('y.p12'), '--password', 'pw'])).code).toBe(2);
    expect((await cartwright(['identity', 'create', '--org', 'X', '--out', at('y.p12'), '--password', 'pw', '--key', 'dsa'])).code).toBe(2);
    expect((await cartwright(['identity', 'create', '--org', 'X', '--out', at('y.p12'), '--json'])).json).toMatchObject({ error: { code: 'USAGE' } });
  });
});

describe('cartwright profile', () => {
  it('build → sign → verify → inspect, checked by openssl and plistlib', async () => {
    const built = await cartwright([
      'profile', 'build', '--identifier', 'com.acme.cart', '--name', 'Cart', '--org', 'Acme', '--removal-disallowed',
      '--wifi-ssid', 'CartNet', '--wifi-password', 'correct-horse', '--restriction', 'allowCamera=false',
      '--webclip', 'https://help.acme.example,Help', '--template', join(fixtures, 'mdm-enrollment.mobileconfig'),
      '--out', at('cart.mobileconfig'), '--json',
    ]);
    expect(built.code).toBe(0);
    expect(built.json).toMatchObject({ identifier: 'com.acme.cart', removalDisallowed: true, valid: true, mdm: { topic: expect.stringMatching(/^com\.apple\.mgmt\./) } });
    expect(spawnSync('python3', ['-c', 'import plistlib,sys; plistlib.load(open(sys.argv[1],"rb"))', at('cart.mobileconfig')]).status).toBe(0);
    const again = await cartwright(['profile', 'build', '--spec', join(fixtures, 'staging-spec.json'), '--out', at('spec.mobileconfig'), '--format', 'binary', '--json']);
    expect(again.json).toMatchObject({ format: 'binary', identifier: 'com.example.staging', valid: true });

    const signed = await cartwright(['profile', 'sign', at('cart.mobileconfig'), '--identity', at('acme.p12'), '--password', 'pw', '--out', at('cart.signed.mobileconfig'), '--json']);
    expect(signed).toMatchObject({ code: 0, json: { signed: true, signer: { verified: true, organization: 'Acme Schools' } } });
    const content = spawnSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', at('cart.signed.mobileconfig'), '-noverify', '-binary']);
    expect(content.status).toBe(0);
    expect(content.stdout.equals(readFileSync(at('cart.mobileconfig')))).toBe(true);

    const withStation = await cartwright(['profile', 'sign', at('cart.mobileconfig'), '--out', at('cart.station.mobileconfig'), '--json']);
    expect(withStation.code).toBe(0);

    opensslOk(['pkcs12', '-in', at('acme.p12'), '-passin', 'pass:pw', '-nokeys', '-clcerts', '-out', at('acme.pem')]);
    const verified = await cartwright(['profile', 'verify', at('cart.signed.mobileconfig'), '--ca', at('acme.pem'), '--json']);
    expect(verified).toMatchObject({ code: 0, json: { valid: true, identifier: 'com.acme.cart', chainVerified: true } });

    const inspected = await cartwright(['profile', 'inspect', at('cart.signed.mobileconfig'), '--json']);
    expect(inspected.json).toMatchObject({ signed: true, valid: true, payloads: expect.arrayContaining([expect.objectContaining({ type: 'com.apple.wifi.managed' })]) });
    expect((await cartwright(['profile', 'inspect', at('cart.signed.mobileconfig')])).stdout).toContain('Removal:     not allowed');
  });

  it('altered content, untrusted signer, invalid profile and usage errors fail with codes', async () => {
    const signed = readFileSync(at('cart.signed.mobileconfig'));
    const tampered = Buffer.from(signed);
    tampered.write('EvilNet', signed.indexOf(Buffer.from('CartNet')));
    writeFileSync(at('tampered.mobileconfig'), tampered);
    expect(await cartwright(['profile', 'verify', at('tampered.mobileconfig'), '--json'])).toMatchObject({ code: 1, json: { error: { code: 'SIGNATURE_INVALID' } } });
    await cartwright(['identity', 'create', '--org', 'Stranger', '--out', at('stranger.p12'), '--password', 'pw']);
    opensslOk(['pkcs12', '-in', at('stranger.p12'), '-passin', 'pass:pw', '-nokeys', '-out', at('stranger.pem')]);
    expect(await cartwright(['profile', 'verify', at('cart.signed.mobileconfig'), '--ca', at('stranger.pem'), '--json'])).toMatchObject({ code: 1, json: { error: { code: 'SIGNER_UNTRUSTED' } } });
    expect(await cartwright(['profile', 'verify', at('cart.mobileconfig'), '--json'])).toMatchObject({ code: 1, json: { error: { code: 'PROFILE_NOT_SIGNED' } } });

    const broken = await cartwright(['profile', 'inspect', join(fixtures, 'missing-payload-uuid.mobileconfig'), '--json']);
    expect(broken.code).toBe(1);
    expect(broken.json).toMatchObject({ valid: false, issues: expect.arrayContaining([{ path: 'PayloadUUID', message: 'is missing' }]) });
    expect(await cartwright(['profile', 'sign', join(fixtures, 'missing-payload-uuid.mobileconfig'), '--identity', at('acme.p12'), '--password', 'pw', '--out', at('z'), '--json'])).toMatchObject({
      code: 1,
      json: { error: { code: 'PROFILE_INVALID' } },
    });
    expect((await cartwright(['profile', 'build', '--name', 'No id', '--wifi-ssid', 'x', '--out', at('n.mobileconfig')])).code).toBe(2);
    expect((await cartwright(['profile', 'build', '--identifier', 'com.x.y', '--name', 'N', '--restriction', 'allowCamera=maybe', '--out', at('n.mobileconfig'), '--json'])).json).toMatchObject({ error: { code: 'SPEC_INVALID' } });
  });
});

describe('cartwright enroll-profile', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    opensslOk(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tls.key', '-out', 'tls.pem', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '2']);
    const profile = readFileSync(join(fixtures, 'mdm-enrollment.mobileconfig'));
    server = createServer({ key: readFileSync(at('tls.key')), cert: readFileSync(at('tls.pem')) }, (req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('staging:pw').toString('base64')}`) {
        res.statusCode = 401;
        return void res.end();
      }
      res.end(profile);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/mdm/enroll`;
  });
  afterAll(() => server.close());

  it('imports from a file and from an HTTPS URL (private CA via NODE_EXTRA_CA_CERTS), then shows it', async () => {
    const fromFile = await cartwright(['enroll-profile', 'import', join(fixtures, 'mdm-enrollment.mobileconfig'), '--json']);
    expect(fromFile).toMatchObject({ code: 0, json: { imported: true, source: { kind: 'file' }, serverUrl: 'https://mdm.example.com/mdm/connect' } });

    const untrusted = await cartwright(['enroll-profile', 'import', '--url', url, '--username', 'staging', '--password', 'pw', '--json']);
    expect(untrusted).toMatchObject({ code: 1, json: { error: { code: 'ENROLLMENT_FETCH_FAILED', message: expect.stringContaining('NODE_EXTRA_CA_CERTS') } } });

    const trustedEnv = { NODE_EXTRA_CA_CERTS: at('tls.pem') };
    const denied = await cartwright(['enroll-profile', 'import', '--url', url, '--username', 'staging', '--password', 'no', '--json'], trustedEnv);
    expect(denied.json).toMatchObject({ error: { code: 'ENROLLMENT_FETCH_FAILED', message: expect.stringContaining('401') } });
    const fromUrl = await cartwright(['enroll-profile', 'import', '--url', url, '--username', 'staging', '--password', 'pw', '--json'], trustedEnv);
    expect(fromUrl).toMatchObject({ code: 0, json: { source: { kind: 'url', url }, topic: expect.stringMatching(/^com\.apple\.mgmt\./) } });

    const shown = await cartwright(['enroll-profile', 'show', '--json']);
    expect(shown).toMatchObject({ code: 0, json: { source: { kind: 'url' }, inspection: { mdm: { identityPayloadType: 'com.apple.security.scep' } } } });
    expect(await cartwright(['enroll-profile', 'import', join(fixtures, 'missing-payload-uuid.mobileconfig'), '--json'])).toMatchObject({ code: 1, json: { error: { code: 'ENROLLMENT_NOT_MDM' } } });
    expect((await cartwright(['enroll-profile', 'import', '--json'])).code).toBe(2);
  });
});
