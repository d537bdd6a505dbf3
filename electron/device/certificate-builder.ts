/**
 * The one X.509 v3 certificate builder: the station's pairing host identity (root, host and device
 * certificates, host-identity.ts / pair-record.ts) and the organization's supervision identity
 * (profiles/identity.ts) are all made here. The DER is written directly (der-writer.ts) and signed
 * with Node's crypto: pairing builds one certificate per device inline, and laying it out through
 * asn1js/pkijs objects cost several times the RSA signature itself (issue 14).
 *
 * The layout is what libimobiledevice (src/userpref.c pair_record_generate_keys_and_certs, OpenSSL
 * X509_sign) and pymobiledevice3 (pymobiledevice3/ca.py, cryptography's CertificateBuilder) write:
 * v3, the issuer's AlgorithmIdentifier in both places, critical basicConstraints and keyUsage, and
 * DER throughout (minimal lengths and INTEGERs, BOOLEAN TRUE as 0xff, DEFAULT values omitted).
 */
import { createHash, sign, type KeyObject } from 'node:crypto';
import type Forge from 'node-forge';
import { lazyPackage } from '../platform/lazy-package.js';
import { bitString, bool, contextConstructed, implicitPrimitive, integer, nul, octetString, oid, sequence, set, smallInteger, time, utf8String } from './der-writer.js';

// Loaded at first use, not with every start (platform/lazy-package.ts).
const forge = lazyPackage<typeof Forge>('node-forge');

const OIDS = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

/** Empty (no attributes) is libimobiledevice's pairing shape (docs/device-protocols.md §3.11). */
export interface CertificateName {
  commonName?: string;
  organization?: string;
}

export type CertificateExtension =
  | { kind: 'basicConstraints'; ca: boolean }
  | { kind: 'keyUsage'; digitalSignature: boolean; keyEncipherment: boolean }
  /** SHA-1 of the subject public key's bits (RFC 5280 §4.2.1.2 method 1). */
  | { kind: 'subjectKeyIdentifier' }
  /** The issuer's key identifier; only for self-signed certificates, where it equals the subject's. */
  | { kind: 'authorityKeyIdentifier' };

export interface CertificateOptions {
  /** The key being certified. */
  publicKey: KeyObject;
  /** The issuer's private key (the subject's own for a self-signed certificate). RSA or P-256. */
  signingKey: KeyObject;
  subject: CertificateName;
  /** Default: the subject (self-signed). */
  issuer?: CertificateName;
  /** Big-endian unsigned serial number bytes. */
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** In this order; basicConstraints and keyUsage are critical. */
  extensions: readonly CertificateExtension[];
}

/** One attribute per RDN, organization first, as UTF8String (never one multi-valued "O=… + CN=…" RDN). */
function encodeName(name: CertificateName): Buffer {
  const rdn = (type: string, value: string) => set([sequence([oid(type), utf8String(value)])]);
  return sequence([...(name.organization ? [rdn(OIDS.organizationName, name.organization)] : []), ...(name.commonName ? [rdn(OIDS.commonName, name.commonName)] : [])]);
}

const RSA_SHA256 = sequence([oid(OIDS.sha256WithRSA), nul()]);
// RFC 5758 §3.2: the ECDSA AlgorithmIdentifier has no parameters at all (not even NULL).
const ECDSA_SHA256 = sequence([oid(OIDS.ecdsaWithSHA256)]);

/** The signature algorithm for a signing key: SHA-256 always. */
function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'rsa') return RSA_SHA256;
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return ECDSA_SHA256;
  throw new TypeError(`cannot sign a certificate with a ${key.asymmetricKeyType ?? 'unknown'} key (use RSA or P-256)`);
}

function keyUsageBits(e: Extract<CertificateExtension, { kind: 'keyUsage' }>): Buffer {
  // digitalSignature is bit 0, keyEncipherment bit 2; DER drops trailing zero bits (X.690 §11.2.2).
  const bits = (e.digitalSignature ? 0x80 : 0) | (e.keyEncipherment ? 0x20 : 0);
  const unusedBits = e.keyEncipherment ? 5 : e.digitalSignature ? 7 : 0;
  return bitString(Buffer.from(bits ? [bits] : []), unusedBits);
}

function encodeExtension(e: CertificateExtension, keyId: Buffer): Buffer {
  // critical is DEFAULT FALSE, so DER writes it only when true (X.690 §11.5).
  const extension = (id: string, critical: boolean, value: Buffer) => sequence([oid(id), ...(critical ? [bool(true)] : []), octetString(value)]);
  switch (e.kind) {
    case 'basicConstraints':
      // cA is DEFAULT FALSE as well: an end-entity certificate's value is the empty SEQUENCE.
      return extension(OIDS.basicConstraints, true, sequence(e.ca ? [bool(true)] : []));
    case 'keyUsage':
      return extension(OIDS.keyUsage, true, keyUsageBits(e));
    case 'subjectKeyIdentifier':
      return extension(OIDS.subjectKeyIdentifier, false, octetString(keyId));
    case 'authorityKeyIdentifier':
      // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT KeyIdentifier OPTIONAL, … }
      return extension(OIDS.authorityKeyIdentifier, false, sequence([implicitPrimitive(0, keyId)]));
  }
}

/**
 * A serial as the content of a positive DER INTEGER (RFC 5280 §4.1.2.2, X.690 §8.3.2): redundant
 * leading zero bytes dropped (a random serial starts with 0x00 once in 256 draws, and OpenSSL refuses
 * the non-minimal encoding), and one 0x00 put back when the top bit would make it negative.
 */
export function positiveIntegerBytes(unsigned: Uint8Array): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const minimal = Buffer.from(unsigned.subarray(start));
  if (minimal.length === 0) return Buffer.from([0]);
  return (minimal[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal;
}

/** The subjectPublicKey BIT STRING's bits inside a SubjectPublicKeyInfo (RFC 5280 §4.1: SEQUENCE { algorithm, BIT STRING }). */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  const headerLength = (at: number) => ((spki[at + 1] as number) & 0x80 ? 2 + ((spki[at + 1] as number) & 0x7f) : 2);
  const lengthAt = (at: number) => {
    const first = spki[at + 1] as number;
    if (!(first & 0x80)) return first;
    let n = 0;
    for (let i = 0; i < (first & 0x7f); i++) n = n * 256 + (spki[at + 2 + i] as number);
    return n;
  };
  const algorithm = headerLength(0);
  const bitStringAt = algorithm + headerLength(algorithm) + lengthAt(algorithm);
  // Skip the BIT STRING's header and its unused-bits octet (always 0 for a key).
  return spki.subarray(bitStringAt + headerLength(bitStringAt) + 1, bitStringAt + headerLength(bitStringAt) + lengthAt(bitStringAt));
}

/** The TBSCertificate (RFC 5280 §4.1) and its signature algorithm: everything but the signature. */
function toBeSigned(o: CertificateOptions): { tbs: Buffer; sigAlg: Buffer } {
  const sigAlg = signatureAlgorithm(o.signingKey);
  const spki = o.publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
  const tbs = sequence([
    contextConstructed(0, smallInteger(2)), // [0] EXPLICIT version: v3
    integer(positiveIntegerBytes(o.serial)),
    sigAlg,
    encodeName(o.issuer ?? o.subject),
    sequence([time(o.notBefore), time(o.notAfter)]),
    encodeName(o.subject),
    spki,
    contextConstructed(3, sequence(o.extensions.map((e) => encodeExtension(e, keyId)))), // [3] EXPLICIT extensions
  ]);
  return { tbs, sigAlg };
}

/** Builds and signs a certificate; returns its DER. */
export function buildCertificate(o: CertificateOptions): Buffer {
  const { tbs, sigAlg } = toBeSigned(o);
  return sequence([tbs, sigAlg, bitString(sign('sha256', tbs, o.signingKey), 0)]);
}

/**
 * As buildCertificate, with the private-key operation on libuv's pool (node:crypto's callback
 * form): a batch pairs its devices together, and one RSA-2048 signature per device in a row on the
 * JavaScript thread held every timer, socket and screen update for their sum (issue 14). RSA
 * PKCS#1 v1.5 is deterministic, so the DER is byte for byte what buildCertificate writes.
 */
export async function buildCertificateAsync(o: CertificateOptions): Promise<Buffer> {
  const { tbs, sigAlg } = toBeSigned(o);
  const signature = await new Promise<Buffer>((resolve, reject) => {
    sign('sha256', tbs, o.signingKey, (err, sig) => (err ? reject(err) : resolve(sig)));
  });
  return sequence([tbs, sigAlg, bitString(signature, 0)]);
}

/** PEM as node-forge writes it (CRLF, 64 columns): the format the station's pair records have always had. */
export function certificatePem(der: Buffer): string {
  return forge.pem.encode({ type: 'CERTIFICATE', body: der.toString('binary') });
}
