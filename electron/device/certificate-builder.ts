/**
 * The one X.509 v3 certificate builder: the station's pairing host identity (root, host and device
 * certificates, host-identity.ts / pair-record.ts) and the organization's supervision identity
 * (profiles/identity.ts) are all made here. pkijs lays the certificate out; Node's crypto signs
 * it, because pkijs signs only through WebCrypto, which is asynchronous, and pairing signs inline.
 */
import { createHash, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';

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

const view = (b: Buffer): ArrayBuffer => new Uint8Array(b).buffer;
const der = (schema: { toBER(sizeOnly?: boolean): ArrayBuffer }): Buffer => Buffer.from(schema.toBER(false));

/**
 * One attribute per RDN, organization first, as UTF8String. Built from its encoding because pkijs
 * writes the attributes it is given as one multi-valued RDN ("O=Acme + CN=…"), and parsed Names
 * keep their bytes.
 */
function encodeName(name: CertificateName): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: string) =>
    new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), new asn1js.Utf8String({ value })] })] });
  const rdns = [...(name.organization ? [rdn(OIDS.organizationName, name.organization)] : []), ...(name.commonName ? [rdn(OIDS.commonName, name.commonName)] : [])];
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires; whole seconds (no fractions, §4.1.2.5.2). */
function encodeTime(date: Date): pkijs.Time {
  const value = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime, value });
}

/** The signature algorithm for a signing key: SHA-256 always. */
function signatureAlgorithm(key: KeyObject): pkijs.AlgorithmIdentifier {
  if (key.asymmetricKeyType === 'rsa') return new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256WithRSA, algorithmParams: new asn1js.Null() });
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.ecdsaWithSHA256 });
  throw new TypeError(`cannot sign a certificate with a ${key.asymmetricKeyType ?? 'unknown'} key (use RSA or P-256)`);
}

function keyUsageBits(e: Extract<CertificateExtension, { kind: 'keyUsage' }>): asn1js.BitString {
  // digitalSignature is bit 0, keyEncipherment bit 2; DER drops trailing zero bits (X.690 §11.2.2).
  const bits = (e.digitalSignature ? 0x80 : 0) | (e.keyEncipherment ? 0x20 : 0);
  const unusedBits = e.keyEncipherment ? 5 : e.digitalSignature ? 7 : 0;
  return new asn1js.BitString({ valueHex: new Uint8Array(bits ? [bits] : []).buffer, unusedBits });
}

function encodeExtension(e: CertificateExtension, keyId: Buffer): pkijs.Extension {
  const extension = (extnID: string, critical: boolean, value: { toBER(sizeOnly?: boolean): ArrayBuffer }) =>
    new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
  switch (e.kind) {
    case 'basicConstraints':
      return extension(OIDS.basicConstraints, true, new pkijs.BasicConstraints({ cA: e.ca }).toSchema());
    case 'keyUsage':
      return extension(OIDS.keyUsage, true, keyUsageBits(e));
    case 'subjectKeyIdentifier':
      return extension(OIDS.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: view(keyId) }));
    case 'authorityKeyIdentifier':
      return extension(OIDS.authorityKeyIdentifier, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: view(keyId) }) }).toSchema());
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

/** Builds and signs a certificate; returns its DER. */
export function buildCertificate(o: CertificateOptions): Buffer {
  const sigAlg = signatureAlgorithm(o.signingKey);
  const spki = pkijs.PublicKeyInfo.fromBER(o.publicKey.export({ type: 'spki', format: 'der' }));
  const keyId = createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
  const serialBytes = positiveIntegerBytes(o.serial);
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: view(serialBytes) }),
    signature: sigAlg,
    issuer: encodeName(o.issuer ?? o.subject),
    notBefore: encodeTime(o.notBefore),
    notAfter: encodeTime(o.notAfter),
    subject: encodeName(o.subject),
    subjectPublicKeyInfo: spki,
    extensions: o.extensions.map((e) => encodeExtension(e, keyId)),
    signatureAlgorithm: signatureAlgorithm(o.signingKey),
  });
  const tbs = der(certificate.encodeTBS());
  certificate.signatureValue = new asn1js.BitString({ valueHex: view(sign('sha256', tbs, o.signingKey)) });
  return der(certificate.toSchema(true));
}

/** PEM as node-forge writes it (CRLF, 64 columns): the format the station's pair records have always had. */
export function certificatePem(der: Buffer): string {
  return forge.pem.encode({ type: 'CERTIFICATE', body: der.toString('binary') });
}
