/**
 * The one X.509 v3 certificate builder: the station's pairing host identity (root, host and device
 * certificates, host-identity.ts / pair-record.ts) and the organization's supervision identity
 * (profiles/identity.ts) are all made here. node-forge lays the certificate out; Node's crypto
 * signs it, because forge's own signing is RSA-only in JavaScript (a supervision identity may be
 * P-256) and costs ~25 ms of the main thread per pairing.
 */
import { createHash, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

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

const toBytes = (b: Buffer): string => b.toString('binary');
const toDer = (node: forge.asn1.Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
// forge 1.x takes an options object here (its type declarations know only `strict`); raw BIT STRINGs
// keep a key's bytes exactly as Node exported them.
const fromDerOptions = { decodeBitStrings: false } as unknown as boolean;
const fromDer = (der: Buffer): forge.asn1.Asn1 => asn1.fromDer(forge.util.createBuffer(toBytes(der)), fromDerOptions);
const oid = (dotted: string) => asn1.create(U, T.OID, false, asn1.oidToDer(dotted).getBytes());
const seq = (...items: forge.asn1.Asn1[]) => asn1.create(U, T.SEQUENCE, true, items);

function encodeName(name: CertificateName): forge.asn1.Asn1 {
  const rdn = (type: string, value: string) => asn1.create(U, T.SET, true, [seq(oid(type), asn1.create(U, T.UTF8, false, forge.util.encodeUtf8(value)))]);
  return seq(...(name.organization ? [rdn(OIDS.organizationName, name.organization)] : []), ...(name.commonName ? [rdn(OIDS.commonName, name.commonName)] : []));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
function encodeTime(date: Date): forge.asn1.Asn1 {
  return date.getUTCFullYear() < 2050 ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(date)) : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

/** The signature algorithm for a signing key: SHA-256 always. */
function signatureAlgorithm(key: KeyObject): forge.asn1.Asn1 {
  if (key.asymmetricKeyType === 'rsa') return seq(oid(OIDS.sha256WithRSA), asn1.create(U, T.NULL, false, ''));
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return seq(oid(OIDS.ecdsaWithSHA256));
  throw new TypeError(`cannot sign a certificate with a ${key.asymmetricKeyType ?? 'unknown'} key (use RSA or P-256)`);
}

function keyUsageBits(e: Extract<CertificateExtension, { kind: 'keyUsage' }>): string {
  // BIT STRING: digitalSignature is bit 0, keyEncipherment bit 2; the first octet counts unused bits.
  const bits = (e.digitalSignature ? 0x80 : 0) | (e.keyEncipherment ? 0x20 : 0);
  const unused = e.keyEncipherment ? 5 : e.digitalSignature ? 7 : 0;
  return String.fromCharCode(unused) + (bits ? String.fromCharCode(bits) : '');
}

function encodeExtension(e: CertificateExtension, keyId: Buffer): forge.asn1.Asn1 {
  const critical = asn1.create(U, T.BOOLEAN, false, String.fromCharCode(0xff));
  const wrap = (id: string, isCritical: boolean, value: forge.asn1.Asn1) =>
    seq(oid(id), ...(isCritical ? [critical] : []), asn1.create(U, T.OCTETSTRING, false, asn1.toDer(value).getBytes()));
  switch (e.kind) {
    case 'basicConstraints':
      return wrap(OIDS.basicConstraints, true, e.ca ? seq(asn1.create(U, T.BOOLEAN, false, String.fromCharCode(0xff))) : seq());
    case 'keyUsage':
      return wrap(OIDS.keyUsage, true, asn1.create(U, T.BITSTRING, false, keyUsageBits(e)));
    case 'subjectKeyIdentifier':
      return wrap(OIDS.subjectKeyIdentifier, false, asn1.create(U, T.OCTETSTRING, false, toBytes(keyId)));
    case 'authorityKeyIdentifier':
      return wrap(OIDS.authorityKeyIdentifier, false, seq(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, toBytes(keyId))));
  }
}

/** Builds and signs a certificate; returns its DER. */
export function buildCertificate(o: CertificateOptions): Buffer {
  const spkiDer = o.publicKey.export({ type: 'spki', format: 'der' });
  const spki = fromDer(spkiDer);
  const publicKeyBits = Buffer.from((spki.value as forge.asn1.Asn1[])[1]!.value as string, 'binary').subarray(1);
  const keyId = createHash('sha1').update(publicKeyBits).digest();
  const sigAlg = signatureAlgorithm(o.signingKey);
  const serial = Buffer.from(o.serial);
  // A positive INTEGER (RFC 5280 §4.1.2.2): a leading 0 when the top bit is set.
  const serialBytes = serial.length === 0 ? Buffer.from([0]) : (serial[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), serial]) : serial;
  const tbs = seq(
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [asn1.create(U, T.INTEGER, false, String.fromCharCode(2))]),
    asn1.create(U, T.INTEGER, false, toBytes(serialBytes)),
    sigAlg,
    encodeName(o.issuer ?? o.subject),
    seq(encodeTime(o.notBefore), encodeTime(o.notAfter)),
    encodeName(o.subject),
    spki,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 3, true, [seq(...o.extensions.map((e) => encodeExtension(e, keyId)))]),
  );
  const tbsDer = toDer(tbs);
  const signature = sign('sha256', tbsDer, o.signingKey);
  return toDer(seq(fromDer(tbsDer), signatureAlgorithm(o.signingKey), asn1.create(U, T.BITSTRING, false, '\x00' + toBytes(signature))));
}

/** PEM as node-forge writes it (CRLF, 64 columns): the format the station's pair records have always had. */
export function certificatePem(der: Buffer): string {
  return forge.pem.encode({ type: 'CERTIFICATE', body: toBytes(der) });
}
