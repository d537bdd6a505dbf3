/**
 * Reading certificates: PEM/DER input, summaries, fingerprints, and the identifiers CMS needs.
 * Building them is device/certificate-builder.ts (one builder for every certificate the station makes).
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { child, decodeOid, parseDer, Tag } from './der.js';
import { ProfileError } from './errors.js';
import { OID } from './oids.js';

/** Certificates from PEM (any number of blocks) or a single DER certificate. */
export function readCertificates(data: Buffer): Buffer[] {
  const text = data.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    return blocks.map((b) => toX509(Buffer.from(b, 'latin1')).raw);
  }
  return [toX509(data).raw];
}

export function toX509(der: Buffer): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (err) {
    throw new ProfileError('CERTIFICATE_INVALID', `not a valid X.509 certificate (${(err as Error).message})`);
  }
}

export function certificateToPem(der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** SHA-256 of the DER certificate, as `openssl x509 -fingerprint -sha256` prints it. */
export function certificateFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  commonName: string | null;
  organization: string | null;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  expired: boolean;
  notYetValid: boolean;
  selfSigned: boolean;
  keyType: string;
  fingerprintSha256: string;
}

function nameField(name: string, field: string): string | null {
  const line = name.split('\n').find((l) => l.startsWith(`${field}=`));
  return line ? line.slice(field.length + 1) : null;
}

export function keyTypeName(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return details.modulusLength === 2048 ? 'rsa2048' : `rsa${details.modulusLength ?? ''}`;
  if (key.asymmetricKeyType === 'ec') return details.namedCurve === 'prime256v1' ? 'p256' : `ec-${details.namedCurve ?? 'unknown'}`;
  return key.asymmetricKeyType ?? 'unknown';
}

/** A damaged validity field parses as an Invalid Date, whose toISOString() would throw a bare RangeError. */
function validityDate(text: string, which: 'start' | 'end'): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new ProfileError('CERTIFICATE_INVALID', `the certificate's validity ${which} date is unreadable ("${text.slice(0, 40)}")`);
  return date;
}

export function summarizeCertificate(der: Buffer, now = new Date()): CertificateSummary {
  const cert = toX509(der);
  const notBefore = validityDate(cert.validFrom, 'start');
  const notAfter = validityDate(cert.validTo, 'end');
  // X509Certificate decodes the key lazily: a damaged key surfaces here as a bare OpenSSL error.
  let publicKey: KeyObject;
  try {
    publicKey = cert.publicKey;
  } catch (err) {
    throw new ProfileError('CERTIFICATE_INVALID', `the certificate's public key is unreadable (${(err as Error).message})`);
  }
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    commonName: nameField(cert.subject, 'CN'),
    organization: nameField(cert.subject, 'O'),
    serialNumber: cert.serialNumber,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    expired: now > notAfter,
    notYetValid: now < notBefore,
    selfSigned: cert.subject === cert.issuer && cert.verify(publicKey),
    keyType: keyTypeName(publicKey),
    fingerprintSha256: certificateFingerprint(der),
  };
}

/** The raw pieces of a certificate CMS needs: issuer Name and serial INTEGER (as encoded), SKI if any. */
export interface CertificateIdentifiers {
  issuer: Buffer;
  serial: Buffer;
  subjectKeyIdentifier: Buffer | null;
}

export function certificateIdentifiers(der: Buffer): CertificateIdentifiers {
  const tbs = child(parseDer(der), 0, Tag.SEQUENCE, 'certificate');
  const offset = tbs.children[0]?.tag === 0xa0 ? 1 : 0; // version is optional (v1 certificates)
  const serial = child(tbs, offset, Tag.INTEGER, 'certificate serial');
  const issuer = child(tbs, offset + 2, Tag.SEQUENCE, 'certificate issuer');
  let subjectKeyIdentifier: Buffer | null = null;
  const extensions = tbs.children.find((c) => c.tag === 0xa3)?.children[0]?.children ?? [];
  for (const ext of extensions) {
    if (decodeOid(child(ext, 0, Tag.OID, 'extension')) === OID.subjectKeyIdentifier) {
      const value = ext.children[ext.children.length - 1];
      if (value) subjectKeyIdentifier = parseDer(value.content).content;
    }
  }
  return { issuer: issuer.raw, serial: serial.raw, subjectKeyIdentifier };
}
