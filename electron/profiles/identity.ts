import { createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { ProfileError } from './errors.js';
import { buildCertificate } from '../device/certificate-builder.js';
import { summarizeCertificate, toX509, type CertificateSummary } from './x509.js';

/**
 * The organization's supervision identity: its certificate goes into the device's cloud
 * configuration (SupervisorHostCertificates, docs/device-protocols.md §4.6) and its key signs
 * escalation and supervised pairing challenges (§4.7, §3.6).
 */
export interface SupervisionIdentity {
  /** DER certificate; the device compares these exact bytes. */
  readonly certificate: Buffer;
  readonly privateKey: KeyObject;
  /** Intermediate certificates, signer's issuer first (empty for a self-signed identity). */
  readonly chain: readonly Buffer[];
}

export type IdentityKeyType = 'rsa2048' | 'p256';
export const IDENTITY_KEY_TYPES: readonly IdentityKeyType[] = ['rsa2048', 'p256'];

export interface CreateIdentityOptions {
  organization: string;
  keyType?: IdentityKeyType;
  /** Validity in years (default 10: a cart outlives a short-lived certificate). */
  years?: number;
  now?: Date;
}

const generate = promisify(generateKeyPair);

export async function createSupervisionIdentity(options: CreateIdentityOptions): Promise<SupervisionIdentity> {
  const organization = options.organization.trim();
  if (!organization) throw new ProfileError('IDENTITY_INVALID', 'the organization name must not be empty');
  const years = options.years ?? 10;
  if (!Number.isInteger(years) || years < 1 || years > 30) {
    throw new ProfileError('IDENTITY_INVALID', `validity must be 1–30 whole years, got ${years}`);
  }
  const keyType = options.keyType ?? 'rsa2048';
  const { publicKey, privateKey } =
    keyType === 'p256' ? await generate('ec', { namedCurve: 'prime256v1' }) : await generate('rsa', { modulusLength: 2048 });
  const now = options.now ?? new Date();
  // Start a little in the past so a device whose clock lags still accepts the certificate.
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f; // positive, as RFC 5280 requires
  const certificate = buildCertificate({
    subject: { commonName: `${organization} Supervision Identity`, organization },
    publicKey,
    signingKey: privateKey,
    serial,
    notBefore,
    notAfter,
    extensions: [
      { kind: 'basicConstraints', ca: false },
      // digitalSignature signs profiles and challenges; RSA keys also get keyEncipherment.
      { kind: 'keyUsage', digitalSignature: true, keyEncipherment: keyType === 'rsa2048' },
      { kind: 'subjectKeyIdentifier' },
      { kind: 'authorityKeyIdentifier' },
    ],
  });
  return { certificate, privateKey, chain: [] };
}

/** Throws unless the private key belongs to the certificate (a mismatched pair would sign uselessly). */
export function assertIdentityConsistent(identity: SupervisionIdentity): void {
  const fromKey = createPublicKey(identity.privateKey).export({ type: 'spki', format: 'der' });
  const fromCert = toX509(identity.certificate).publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) {
    throw new ProfileError('IDENTITY_INVALID', 'the private key does not belong to the certificate');
  }
}

export type IdentitySummary = CertificateSummary;

export function summarizeIdentity(identity: SupervisionIdentity, now = new Date()): IdentitySummary {
  return summarizeCertificate(identity.certificate, now);
}
