/** electron/profiles: supervision identity, configuration profiles, CMS signing, enrollment profiles. */
export { ProfileError, type ProfileErrorCode } from './errors.js';
export {
  createSupervisionIdentity,
  assertIdentityConsistent,
  summarizeIdentity,
  IDENTITY_KEY_TYPES,
  type SupervisionIdentity,
  type IdentityKeyType,
  type CreateIdentityOptions,
  type IdentitySummary,
} from './identity.js';
export { identityToPkcs12, identityFromPkcs12, PKCS12_ENCRYPTIONS, type Pkcs12ExportOptions } from './pkcs12.js';
export type { Pkcs12Encryption } from './pkcs12-crypto.js';
export { IdentityStore, type IdentityStoreOptions, type StoredCertificate } from './identity-store.js';
export { signCms, signCmsAsync, signChallenge, signChallengeAsync, type CmsSignOptions } from './cms-sign.js';
export { verifySignedData, parseSignedData, looksLikeSignedData, type CmsVerification, type CmsVerifyOptions, type SignedDataParts } from './cms-verify.js';
export { signProfile, verifySignedProfile, type SignedProfileVerification } from './profile-signing.js';
export { buildProfile, buildProfileBytes, type ProfileSpec, type PayloadSpec } from './builder.js';
export { loadProfileSpec, profileSpecFromFile, templatePayloads, profileSpecFileSchema, type ProfileSpecFile } from './spec.js';
export { parseRestrictionAssignment, type RestrictionValue } from './payloads/restrictions.js';
export { parseWebClipOption, type WebClipSpec } from './payloads/webclip.js';
export type { WifiSpec, WifiSecurity } from './payloads/wifi.js';
export { wallpaperSetting, type HomeScreenLayoutSpec, type WallpaperLocation } from './payloads/home-screen.js';
export { decodeProfileBytes, decodePlist, encodePlist, type DecodedProfile, type PlistDict, type PlistFormat } from './plist-codec.js';
export { validateProfile, assertValidProfile, formatIssues, type ProfileIssue } from './validate.js';
export { profileSchemas, WIFI_SECURITY_TYPES, type ConfigurationProfile, type ProfileSchemas } from './schemas.js';
export { inspectProfile, type ProfileInspection, type PayloadSummary, type MdmPayloadSummary, type SignerReport, type InspectOptions } from './inspect.js';
export { checkEnrollmentProfile, fetchEnrollmentProfile, type EnrollmentProfile, type FetchEnrollmentOptions } from './enrollment.js';
export { EnrollmentProfileStore, type EnrollmentSource, type StoredEnrollmentMetadata } from './enrollment-store.js';
export { readCertificates, certificateToPem, certificateFingerprint, summarizeCertificate, type CertificateSummary } from './x509.js';
export { deterministicUuid } from './uuid.js';
