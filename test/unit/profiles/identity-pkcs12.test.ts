import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  IdentityStore,
  createSupervisionIdentity,
  identityFromPkcs12,
  identityToPkcs12,
  summarizeIdentity,
  type IdentityKeyType,
  type Pkcs12Encryption,
} from '../../../electron/profiles/index.js';
import { PassphraseSecretBox } from '../../../electron/store/secret-box.js';
import { openssl, scratchDir, writeScratch } from './tools.js';

const cases: [IdentityKeyType, Pkcs12Encryption][] = [
  ['rsa2048', '3des'],
  ['rsa2048', 'aes256'],
  ['p256', '3des'],
  ['p256', 'aes256'],
];

describe('supervision identity and PKCS#12', () => {
  it.each(cases)('%s / %s: OpenSSL reads the export without -legacy, and it round-trips', async (keyType, encryption) => {
    const identity = await createSupervisionIdentity({ organization: 'Acme Schools', keyType, years: 2 });
    const p12 = identityToPkcs12(identity, { password: 'pässword', encryption });
    const path = writeScratch(scratchDir(), 'id.p12', p12);
    const info = openssl(['pkcs12', '-info', '-in', path, '-passin', 'pass:pässword', '-nokeys']);
    expect(info.stderr).toContain(encryption === '3des' ? 'pbeWithSHA1And3-KeyTripleDES-CBC' : 'AES-256-CBC');
    expect(info.status).toBe(0);
    expect(info.stdout.toString()).toContain('BEGIN CERTIFICATE');
    const keys = openssl(['pkcs12', '-in', path, '-passin', 'pass:pässword', '-nocerts', '-nodes']);
    expect(keys.status).toBe(0);
    expect(keys.stdout.toString()).toContain('PRIVATE KEY');

    const back = identityFromPkcs12(p12, 'pässword');
    expect(back.certificate.equals(identity.certificate)).toBe(true);
    expect(summarizeIdentity(back)).toMatchObject({ organization: 'Acme Schools', keyType, selfSigned: true, expired: false });
  });

  it('fingerprint is SHA-256 of the DER certificate, as openssl prints it', async () => {
    const identity = await createSupervisionIdentity({ organization: 'Acme' });
    const certPath = writeScratch(scratchDir(), 'c.der', identity.certificate);
    const out = openssl(['x509', '-inform', 'DER', '-in', certPath, '-noout', '-fingerprint', '-sha256']).stdout.toString();
    expect(out.trim()).toBe(`sha256 Fingerprint=${summarizeIdentity(identity).fingerprintSha256}`);
  });

  it('imports identities made by OpenSSL (default and -legacy, as Keychain exports use RC2/3DES)', () => {
    const dir = scratchDir();
    const key = `${dir}/k.pem`;
    const cert = `${dir}/c.pem`;
    expect(openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=Configurator/O=Acme', '-days', '30']).status).toBe(0);
    for (const legacy of [[], ['-legacy']]) {
      const out = `${dir}/o${legacy.length}.p12`;
      const made = openssl(['pkcs12', '-export', ...legacy, '-inkey', key, '-in', cert, '-out', out, '-passout', 'pass:pw']);
      if (made.status !== 0 && legacy.length) continue; // this OpenSSL has no legacy provider
      const identity = identityFromPkcs12(readFileSync(out), 'pw');
      expect(summarizeIdentity(identity).organization).toBe('Acme');
    }
  });

  it('a wrong password and a truncated file give distinct, actionable errors', async () => {
    const identity = await createSupervisionIdentity({ organization: 'Acme', keyType: 'p256' });
    const p12 = identityToPkcs12(identity, { password: 'right' });
    expect(() => identityFromPkcs12(p12, 'wrong')).toThrow(expect.objectContaining({ code: 'PKCS12_WRONG_PASSWORD' }));
    expect(() => identityFromPkcs12(p12.subarray(0, p12.length - 40), 'right')).toThrow(expect.objectContaining({ code: 'PKCS12_CORRUPT' }));
    expect(() => identityFromPkcs12(Buffer.from('not a p12'), 'right')).toThrow(expect.objectContaining({ code: 'PKCS12_CORRUPT' }));
  });

  it('the station store keeps the key sealed and refuses to silently replace a different identity', async () => {
    const dir = scratchDir();
    const box = new PassphraseSecretBox('station pass');
    const store = new IdentityStore({ dataDir: dir, secretBox: () => box });
    const identity = await createSupervisionIdentity({ organization: 'Acme' });
    store.save(identity);
    const onDisk = readFileSync(store.path, 'utf8');
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(onDisk).not.toContain(identity.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64').slice(0, 40));
    expect(store.load().certificate.equals(identity.certificate)).toBe(true);
    expect(store.readCertificate().certificate.equals(identity.certificate)).toBe(true);

    const other = await createSupervisionIdentity({ organization: 'Other' });
    expect(() => store.save(other)).toThrow(expect.objectContaining({ code: 'IDENTITY_EXISTS' }));
    store.save(other, { replace: true });
    const wrongBox = new IdentityStore({ dataDir: dir, secretBox: () => new PassphraseSecretBox('nope') });
    expect(() => wrongBox.load()).toThrow(expect.objectContaining({ code: 'SECRET_WRONG_KEY' }));
    expect(() => new IdentityStore({ dataDir: scratchDir(), secretBox: () => box }).load()).toThrow(expect.objectContaining({ code: 'IDENTITY_NOT_FOUND' }));
  });
});
