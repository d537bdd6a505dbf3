/**
 * Every failure in electron/profiles is a ProfileError with a stable `code` that scripts and the
 * UI can switch on, and a message a technician can act on. The CLI prints `code` in --json mode.
 */
export type ProfileErrorCode =
  | 'PKCS12_WRONG_PASSWORD'
  | 'PKCS12_CORRUPT'
  | 'PKCS12_NO_IDENTITY'
  | 'IDENTITY_INVALID'
  | 'IDENTITY_NOT_FOUND'
  | 'IDENTITY_EXISTS'
  | 'PROFILE_UNREADABLE'
  | 'PROFILE_INVALID'
  | 'PROFILE_NOT_SIGNED'
  | 'SIGNATURE_INVALID'
  | 'SIGNER_EXPIRED'
  | 'SIGNER_UNTRUSTED'
  | 'CERTIFICATE_INVALID'
  | 'SPEC_INVALID'
  | 'ENROLLMENT_NOT_MDM'
  | 'ENROLLMENT_FETCH_FAILED'
  | 'ENROLLMENT_NOT_FOUND';

export class ProfileError extends Error {
  constructor(
    readonly code: ProfileErrorCode,
    message: string,
    /** Individual problems, e.g. one line per invalid profile field. */
    readonly details: readonly string[] = [],
  ) {
    super(details.length ? `${message}:\n  - ${details.join('\n  - ')}` : message);
    this.name = 'ProfileError';
  }
}
