import { createHash, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCertificate, buildCertificateAsync, certificatePem, positiveIntegerBytes, type CertificateExtension } from '../../../electron/device/certificate-builder.js';
import { parseDer } from '../../../electron/profiles/der.js';
import { openssl, scratchDir, writeScratch } from '../profiles/tools.js';

// The one builder makes both the pairing host identity (RSA, empty names, serial 0, signed by a
// root) and the supervision identity (RSA or P-256, self-signed). openssl judges the output.
const dir = scratchDir();
const supervisionExtensions = (rsa: boolean): CertificateExtension[] => [
  { kind: 'basicConstraints', ca: false },
  { kind: 'keyUsage', digitalSignature: true, keyEncipherment: rsa },
  { kind: 'subjectKeyIdentifier' },
  { kind: 'authorityKeyIdentifier' },
];

function text(der: Buffer, name: string): string {
  const path = writeScratch(dir, `${name}.pem`, certificatePem(der));
  const r = openssl(['x509', '-in', path, '-noout', '-text']);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.toString();
}

describe('the certificate builder', () => {
  it.each([
    ['rsa', generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['p256', generateKeyPairSync('ec', { namedCurve: 'prime256v1' })],
  ] as const)('makes a self-signed %s supervision certificate openssl verifies', (name, keys) => {
    const der = buildCertificate({
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
      subject: { commonName: 'Acme Supervision Identity', organization: 'Acme' },
      serial: Buffer.from('7f0102030405060708090a0b0c0d0e0f', 'hex'),
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
      extensions: supervisionExtensions(name === 'rsa'),
    });
    const cert = new X509Certificate(der);
    expect(cert.verify(keys.publicKey)).toBe(true);
    expect(cert.subject).toBe('O=Acme\nCN=Acme Supervision Identity');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.ca).toBe(false);
    const out = text(der, `supervision-${name}`);
    expect(out).toMatch(/Key Usage: critical\s+Digital Signature(, Key Encipherment)?\n/);
    expect(out.includes('Key Encipherment')).toBe(name === 'rsa');
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(out)?.[1];
    expect(ski).toBeTruthy();
    expect(/Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(out)?.[1]).toBe(ski);
    expect(out).toContain(name === 'rsa' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256');
    const pem = writeScratch(dir, `supervision-${name}-ca.pem`, certificatePem(der));
    const verified = openssl(['verify', '-CAfile', pem, '-check_ss_sig', pem]);
    expect(verified.status, verified.stderr).toBe(0);
  });

  it('makes libimobiledevice-shaped pairing certificates: serial 0, empty names, signed by the root', () => {
    const root = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const host = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const common = { subject: {}, serial: Buffer.from([0]), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z') };
    const rootDer = buildCertificate({ ...common, publicKey: root.publicKey, signingKey: root.privateKey, extensions: [{ kind: 'basicConstraints', ca: true }] });
    const hostDer = buildCertificate({
      ...common,
      publicKey: host.publicKey,
      signingKey: root.privateKey,
      extensions: [
        { kind: 'basicConstraints', ca: false },
        { kind: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      ],
    });
    const [rootCert, hostCert] = [new X509Certificate(rootDer), new X509Certificate(hostDer)];
    expect(rootCert.ca).toBe(true);
    expect(hostCert.ca).toBe(false);
    expect(hostCert.serialNumber).toMatch(/^0+$/);
    // Node reports an empty Name as undefined (or ''), never with an attribute in it.
    expect([undefined, '']).toContain(hostCert.subject);
    expect([undefined, '']).toContain(hostCert.issuer);
    expect(hostCert.verify(root.publicKey)).toBe(true);
    expect(hostCert.publicKey.export({ type: 'spki', format: 'der' })).toEqual(host.publicKey.export({ type: 'spki', format: 'der' }));
    expect(text(hostDer, 'host')).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
  });

  it('writes a device certificate byte for byte as libimobiledevice lays it out', () => {
    // libimobiledevice src/userpref.c pair_record_generate_keys_and_certs (OpenSSL): v3, serial 0,
    // sha256WithRSAEncryption with NULL parameters, empty issuer and subject, then critical
    // basicConstraints CA:FALSE, subjectKeyIdentifier (SHA-1 of the key bits), critical keyUsage
    // digitalSignature + keyEncipherment. pymobiledevice3/ca.py writes the same extensions.
    const root = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const device = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = buildCertificate({
      publicKey: device.publicKey,
      signingKey: root.privateKey,
      subject: {},
      serial: Buffer.from([0]),
      notBefore: new Date('2026-12-03T17:42:05.678Z'),
      notAfter: new Date('2036-12-01T17:42:05.678Z'),
      extensions: [{ kind: 'basicConstraints', ca: false }, { kind: 'subjectKeyIdentifier' }, { kind: 'keyUsage', digitalSignature: true, keyEncipherment: true }],
    });
    const spki = device.publicKey.export({ type: 'spki', format: 'der' });
    const keyId = createHash('sha1').update(spki.subarray(24)).digest(); // RSA-2048 SPKI: 24 header bytes, then the key bits
    const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
    const tbs = Buffer.concat([
      hex('308201a2 a0030201 02 020100 300d06092a864886f70d01010b0500 3000'),
      hex('301e 170d') , Buffer.from('261203174205Z'), hex('170d'), Buffer.from('361201174205Z'),
      hex('3000'),
      spki,
      hex('a33f 303d 300c0603551d130101ff04023000 301d0603551d0e04160414'), keyId, hex('300e0603551d0f0101ff0404030205a0'),
    ]);
    const [tbsNode, algorithmNode, signatureNode] = parseDer(der).children;
    expect(tbsNode?.raw.toString('hex')).toBe(tbs.toString('hex'));
    expect(algorithmNode?.raw.toString('hex')).toBe('300d06092a864886f70d01010b0500');
    expect(signatureNode?.content.subarray(1)).toEqual(sign('sha256', tbs, root.privateKey));
    expect(new X509Certificate(der).verify(root.publicKey)).toBe(true);
  });

  it('writes GeneralizedTime from 2050 on, as RFC 5280 requires', () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const der = buildCertificate({ publicKey: keys.publicKey, signingKey: keys.privateKey, subject: { commonName: 'Far' }, serial: Buffer.from([1]), notBefore: new Date('2049-06-01T00:00:00Z'), notAfter: new Date('2051-06-01T00:00:00Z'), extensions: [] });
    const cert = new X509Certificate(der);
    expect(new Date(cert.validFrom).toISOString()).toBe('2049-06-01T00:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2051-06-01T00:00:00.000Z');
    expect(der.includes(Buffer.from('20510601000000Z'))).toBe(true);
  });

  it('refuses a signing key it cannot sign with', () => {
    const keys = generateKeyPairSync('ed25519');
    expect(() => buildCertificate({ publicKey: keys.publicKey, signingKey: keys.privateKey, subject: {}, serial: Buffer.from([1]), notBefore: new Date(), notAfter: new Date(), extensions: [] })).toThrow(/RSA or P-256/);
  });
});

describe('a certificate serial', () => {
  // A random 16-byte serial with its top bit cleared starts with 0x00 about once in 256 draws; the
  // non-minimal INTEGER that made was refused by OpenSSL ("no start line" from `identity create`).
  it.each([
    [[0x00, 0x12, 0x34], [0x12, 0x34]],
    [[0x00, 0x00, 0x92], [0x00, 0x92]],
    [[0x92], [0x00, 0x92]],
    [[0x00], [0x00]],
    [[], [0x00]],
  ])('%j is encoded as the minimal positive INTEGER %j', (input, expected) => {
    expect([...positiveIntegerBytes(Buffer.from(input))]).toEqual(expected);
  });

  it('with a leading zero byte still makes a certificate Node and openssl read', () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const der = buildCertificate({
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
      subject: { commonName: 'Serial Test', organization: 'Serial Test' },
      serial: Buffer.from([0x00, 0x01, 0x02, 0x03]),
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
      extensions: supervisionExtensions(false),
    });
    expect(new X509Certificate(der).serialNumber).toBe('010203');
    expect(text(der, 'leading-zero-serial')).toContain('Serial Number');
  });

  it('signs off the JavaScript thread into the same DER as the synchronous builder', async () => {
    // RSA PKCS#1 v1.5 is deterministic: the pool-signed certificate must be byte for byte the same.
    const root = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const device = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const options = {
      publicKey: device.publicKey,
      signingKey: root.privateKey,
      subject: {},
      serial: Buffer.from([0]),
      notBefore: new Date('2026-12-04T00:00:00Z'),
      notAfter: new Date('2036-12-02T00:00:00Z'),
      extensions: [{ kind: 'basicConstraints', ca: false }, { kind: 'subjectKeyIdentifier' }, { kind: 'keyUsage', digitalSignature: true, keyEncipherment: true }] as CertificateExtension[],
    };
    expect((await buildCertificateAsync(options)).equals(buildCertificate(options))).toBe(true);
  });

  it('signs a P-256 certificate off the thread with the same to-be-signed bytes, and it verifies', async () => {
    // ECDSA signatures are randomized: compare everything but the signature, then verify it.
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const options = { publicKey: keys.publicKey, signingKey: keys.privateKey, subject: { commonName: 'Async' }, serial: Buffer.from([7]), notBefore: new Date('2026-12-04T00:00:00Z'), notAfter: new Date('2027-12-04T00:00:00Z'), extensions: supervisionExtensions(false) };
    const [sync, async] = [buildCertificate(options), await buildCertificateAsync(options)];
    const tbsOf = (der: Buffer) => parseDer(der).children[0]!.raw;
    expect(tbsOf(async).equals(tbsOf(sync))).toBe(true);
    expect(new X509Certificate(async).verify(keys.publicKey)).toBe(true);
  });
});

