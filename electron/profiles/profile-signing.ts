import { signCms, type CmsSignOptions } from './cms-sign.js';
import { looksLikeSignedData, verifySignedData, type CmsVerifyOptions } from './cms-verify.js';
import { ProfileError } from './errors.js';
import type { SupervisionIdentity } from './identity.js';
import { decodePlist, type PlistDict } from './plist-codec.js';
import type { ConfigurationProfile } from './schemas.js';
import { assertValidProfile } from './validate.js';
import { summarizeCertificate, type CertificateSummary } from './x509.js';

/**
 * Sign a .mobileconfig (XML or binary plist bytes) as CMS SignedData, DER, content embedded —
 * what `openssl smime -sign -nodetach -outform der` makes and what MCInstall's InstallProfile takes.
 * The profile is validated first: signing a broken profile only hides the problem.
 */
export function signProfile(profile: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Buffer {
  if (looksLikeSignedData(profile)) throw new ProfileError('PROFILE_INVALID', 'the profile is already signed; sign the unsigned original');
  assertValidProfile(decodePlist(profile).value);
  return signCms(profile, identity, options);
}

export interface SignedProfileVerification {
  profile: ConfigurationProfile;
  /** The exact profile bytes that were signed. */
  content: Buffer;
  signer: CertificateSummary;
  chainVerified: boolean;
  signingTime: Date | null;
}

/** Check a signed profile: signature over the content, signer validity, chain to `trustedCertificates` if given, and the profile itself. */
export function verifySignedProfile(bytes: Buffer, options: CmsVerifyOptions = {}): SignedProfileVerification {
  if (!looksLikeSignedData(bytes)) throw new ProfileError('PROFILE_NOT_SIGNED', 'the profile is not signed (it is a plain plist)');
  const result = verifySignedData(bytes, options);
  const profile = assertValidProfile(decodePlist(result.content).value as PlistDict);
  return {
    profile,
    content: result.content,
    signer: summarizeCertificate(result.signerCertificate, options.now),
    chainVerified: result.chainVerified,
    signingTime: result.signingTime,
  };
}
