import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyCmsSignature } from '../../emulator/mcinstall/cms-verify.js';
import { makeIdentity, signCms } from './helpers/supervision-identity.js';

const supervisor = makeIdentity('Cartwright Supervisor');
const stranger = makeIdentity('Somebody Else');
const challenge = Buffer.from('0123456789abcdef', 'hex');

/** Flip one byte of the embedded content without touching the signature. */
function tamperContent(der: Buffer, content: Buffer): Buffer {
  const copy = Buffer.from(der);
  const at = copy.indexOf(content);
  expect(at).toBeGreaterThan(0);
  copy[at] = (copy[at] as number) ^ 0xff;
  return copy;
}

describe('verifyCmsSignature', () => {
  it('accepts a SHA-256 signature with signed attributes from a trusted signer', () => {
    const result = verifyCmsSignature(signCms(challenge, supervisor), [supervisor.certDer]);
    expect(result.ok).toBe(true);
    expect(result.content).toEqual(challenge);
    expect(result.signerCertificate).toEqual(supervisor.certDer);
  });

  it('accepts a signature without signed attributes (NoAttributes)', () => {
    const result = verifyCmsSignature(signCms(challenge, supervisor, { signedAttributes: false }), [supervisor.certDer]);
    expect(result.ok).toBe(true);
    expect(result.content).toEqual(challenge);
  });

  it('only checks the signature when no trusted certificate is given', () => {
    expect(verifyCmsSignature(signCms(challenge, stranger), []).ok).toBe(true);
  });

  it('rejects a valid signature by a signer that is not trusted', () => {
    const result = verifyCmsSignature(signCms(challenge, stranger), [supervisor.certDer]);
    expect(result).toEqual({ ok: false, content: null, signerCertificate: null });
  });

  it('rejects altered content, with and without signed attributes', () => {
    for (const signedAttributes of [true, false]) {
      const der = tamperContent(signCms(challenge, supervisor, { signedAttributes }), challenge);
      expect(verifyCmsSignature(der, [supervisor.certDer]).ok).toBe(false);
    }
  });

  it('rejects a message that claims a trusted certificate but was signed with another key', () => {
    // The stranger signs but ships the supervisor's certificate as the only one.
    const forged = signCms(challenge, { ...stranger, cert: supervisor.cert }, { certificates: [supervisor.cert] });
    expect(verifyCmsSignature(forged, [supervisor.certDer]).ok).toBe(false);
  });

  it('rejects garbage and truncated input without throwing', () => {
    const good = signCms(challenge, supervisor);
    for (const bad of [Buffer.alloc(0), Buffer.from('not der'), good.subarray(0, good.length - 10), Buffer.from([0x30, 0x80])]) {
      expect(verifyCmsSignature(bad, [supervisor.certDer]).ok).toBe(false);
    }
  });
});

/**
 * Fixtures made once with OpenSSL 3.0 (`openssl cms -sign -binary -nodetach -outform DER -md sha256`,
 * plus -stream for BER indefinite lengths, -noattr, -keyid, rsa_padding_mode:pss, and a P-256 key),
 * over content.bin. They cover what node-forge cannot produce: EC signers, PSS, subjectKeyIdentifier
 * signer ids and the streamed BER that Apple's tools emit for signed profiles.
 */
describe('verifyCmsSignature with OpenSSL-made messages', () => {
  const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`./fixtures/cms/${name}`, import.meta.url)));
  const content = fixture('content.bin');
  const rsa = fixture('rsa.der');
  const ec = fixture('ec.der');

  it.each([
    ['ec.p7', ec],
    ['rsa-noattr.p7', rsa],
    ['rsa-keyid.p7', rsa],
    ['rsa-stream.p7', rsa],
    ['rsa-stream-noattr.p7', rsa],
    ['rsa-pss.p7', rsa],
  ])('%s verifies against its signer only', (name, signer) => {
    const der = fixture(name);
    const result = verifyCmsSignature(der, [signer]);
    expect(result.ok).toBe(true);
    expect(result.content).toEqual(content);
    expect(result.signerCertificate).toEqual(signer);
    expect(verifyCmsSignature(der, [signer === rsa ? ec : rsa]).ok).toBe(false);
    expect(verifyCmsSignature(tamperContent(der, content), [signer]).ok).toBe(false);
  });
});
