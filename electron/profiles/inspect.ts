import { parseSignedData, verifySignedData } from './cms-verify.js';
import { ProfileError, type ProfileErrorCode } from './errors.js';
import { decodeProfileBytes, type PlistDict, type PlistFormat, type PlistValue } from './plist-codec.js';
import { validateProfile, type ProfileIssue } from './validate.js';
import { summarizeCertificate, type CertificateSummary } from './x509.js';

export interface PayloadSummary {
  type: string | null;
  identifier: string | null;
  uuid: string | null;
  displayName: string | null;
}

export interface MdmPayloadSummary {
  serverUrl: string | null;
  checkInUrl: string | null;
  topic: string | null;
  identityCertificateUuid: string | null;
  /** PayloadType of the identity payload IdentityCertificateUUID points at (SCEP, PKCS#12, ACME), if present. */
  identityPayloadType: string | null;
  accessRights: number | null;
  signMessage: boolean;
  checkOutWhenRemoved: boolean;
}

export interface SignerReport extends CertificateSummary {
  /** True when the signature matched the content and the signer was valid (and trusted, given a CA bundle). */
  verified: boolean;
  chainVerified: boolean;
  problem: { code: ProfileErrorCode; message: string } | null;
  signingTime: string | null;
}

export interface ProfileInspection {
  format: PlistFormat;
  signed: boolean;
  signer: SignerReport | null;
  identifier: string | null;
  uuid: string | null;
  displayName: string | null;
  organization: string | null;
  description: string | null;
  version: number | null;
  removalDisallowed: boolean;
  payloads: PayloadSummary[];
  mdm: MdmPayloadSummary | null;
  valid: boolean;
  issues: ProfileIssue[];
}

export interface InspectOptions {
  now?: Date;
  trustedCertificates?: Buffer[];
}

const str = (v: PlistValue | undefined): string | null => (typeof v === 'string' ? v : null);
const dicts = (v: PlistValue | undefined): PlistDict[] =>
  Array.isArray(v) ? v.filter((p): p is PlistDict => typeof p === 'object' && p !== null && !Array.isArray(p) && !(p instanceof Date) && !(p instanceof Uint8Array)) : [];

function summarizeMdm(payloads: PlistDict[]): MdmPayloadSummary | null {
  const mdm = payloads.find((p) => p.PayloadType === 'com.apple.mdm');
  if (!mdm) return null;
  const identityUuid = str(mdm.IdentityCertificateUUID);
  const identity = payloads.find((p) => identityUuid !== null && p.PayloadUUID === identityUuid);
  return {
    serverUrl: str(mdm.ServerURL),
    checkInUrl: str(mdm.CheckInURL),
    topic: str(mdm.Topic),
    identityCertificateUuid: identityUuid,
    identityPayloadType: identity ? str(identity.PayloadType) : null,
    accessRights: typeof mdm.AccessRights === 'number' ? mdm.AccessRights : null,
    signMessage: mdm.SignMessage === true,
    checkOutWhenRemoved: mdm.CheckOutWhenRemoved === true,
  };
}

function inspectSigner(bytes: Buffer, options: InspectOptions): SignerReport {
  const now = options.now ?? new Date();
  try {
    const result = verifySignedData(bytes, { now, trustedCertificates: options.trustedCertificates });
    return {
      ...summarizeCertificate(result.signerCertificate, now),
      verified: true,
      chainVerified: result.chainVerified,
      problem: null,
      signingTime: result.signingTime?.toISOString() ?? null,
    };
  } catch (err) {
    if (!(err instanceof ProfileError)) throw err;
    // Still show who claims to have signed: the first certificate is the signer's by convention.
    return { ...signerFallback(bytes, now), verified: false, chainVerified: false, problem: { code: err.code, message: err.message }, signingTime: null };
  }
}

function signerFallback(bytes: Buffer, now: Date): CertificateSummary {
  const first = firstCertificate(bytes);
  const blank = { subject: '', issuer: '', commonName: null, organization: null, serialNumber: '', notBefore: '', notAfter: '', expired: false, notYetValid: false, selfSigned: false, keyType: '', fingerprintSha256: '' };
  if (!first) return blank;
  try {
    return summarizeCertificate(first, now);
  } catch (err) {
    // A certificate too damaged to summarize is already reported as the signature problem.
    if (err instanceof ProfileError) return blank;
    throw err;
  }
}

function firstCertificate(bytes: Buffer): Buffer | undefined {
  try {
    return parseSignedData(bytes).certificates[0];
  } catch {
    return undefined;
  }
}

/** Read any .mobileconfig and report what a technician needs to know about it. Never throws for an invalid profile: see `issues`. */
export function inspectProfile(bytes: Buffer, options: InspectOptions = {}): ProfileInspection {
  const decoded = decodeProfileBytes(bytes);
  const p = decoded.plist;
  const payloads = dicts(p.PayloadContent);
  const issues = validateProfile(p);
  const signer = decoded.signed ? inspectSigner(bytes, options) : null;
  if (signer?.problem) issues.push({ path: 'signature', message: signer.problem.message });
  return {
    format: decoded.format,
    signed: decoded.signed,
    signer,
    identifier: str(p.PayloadIdentifier),
    uuid: str(p.PayloadUUID),
    displayName: str(p.PayloadDisplayName),
    organization: str(p.PayloadOrganization),
    description: str(p.PayloadDescription),
    version: typeof p.PayloadVersion === 'number' ? p.PayloadVersion : null,
    removalDisallowed: p.PayloadRemovalDisallowed === true,
    payloads: payloads.map((x) => ({ type: str(x.PayloadType), identifier: str(x.PayloadIdentifier), uuid: str(x.PayloadUUID), displayName: str(x.PayloadDisplayName) })),
    mdm: summarizeMdm(payloads),
    valid: issues.length === 0,
    issues,
  };
}
