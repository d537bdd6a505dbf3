import type { ErrorCode } from '../api/errors.js';
import { ProfileError, type ProfileErrorCode } from '../profiles/index.js';
import { SecretBoxError } from '../store/secret-box.js';
import { stationError } from './admin-errors.js';

/** The profiles layer's codes as every host's codes: what is wrong with a file is the input's fault. */
const HOST_CODE: Record<ProfileErrorCode, ErrorCode> = {
  PKCS12_WRONG_PASSWORD: 'INVALID_INPUT',
  PKCS12_CORRUPT: 'INVALID_INPUT',
  PKCS12_NO_IDENTITY: 'INVALID_INPUT',
  IDENTITY_INVALID: 'INVALID_INPUT',
  IDENTITY_NOT_FOUND: 'NOT_FOUND',
  IDENTITY_EXISTS: 'CONFLICT',
  PROFILE_UNREADABLE: 'INVALID_INPUT',
  PROFILE_INVALID: 'INVALID_INPUT',
  PROFILE_NOT_SIGNED: 'INVALID_INPUT',
  SIGNATURE_INVALID: 'INVALID_INPUT',
  SIGNER_EXPIRED: 'INVALID_INPUT',
  SIGNER_UNTRUSTED: 'INVALID_INPUT',
  CERTIFICATE_INVALID: 'INVALID_INPUT',
  SPEC_INVALID: 'INVALID_INPUT',
  ENROLLMENT_NOT_MDM: 'INVALID_INPUT',
  ENROLLMENT_FETCH_FAILED: 'INVALID_INPUT',
  ENROLLMENT_NOT_FOUND: 'NOT_FOUND',
};

const SECRET_REMEDY: Record<SecretBoxError['code'], string> = {
  SECRET_NOT_CONFIGURED: 'Start the station with CARTWRIGHT_SECRET_PASSPHRASE or CARTWRIGHT_SECRET_KEYFILE set, or use the Cartwright app (it seals with the OS keychain).',
  SECRET_WRONG_KEY: 'Start the station with the passphrase or key file the identity was stored with, or import the identity again.',
  SECRET_METHOD_MISMATCH: 'Start the station the way it was when the identity was stored (the app or the headless server), or import the identity again.',
  SECRET_CORRUPT: 'Import the identity again.',
  SECRET_UNAVAILABLE: 'Unlock or set up the OS keychain (on Linux, a Secret Service keyring such as GNOME Keyring or KWallet) and restart Cartwright.',
};

const sentence = (text: string): string => {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
};

/**
 * A failure of the identity, profile or secret-box layers as every host shows it (a stable code of
 * electron/api/errors.ts, a sentence, a remedy), with the layer's own error as its `cause`: its
 * finer code (IDENTITY_EXISTS, SECRET_WRONG_KEY…) is what the CLI prints for scripts.
 */
export function identityError(error: unknown): unknown {
  if (error instanceof ProfileError) return Object.assign(stationError(HOST_CODE[error.code], sentence(error.message)), { cause: error });
  if (error instanceof SecretBoxError) {
    return Object.assign(stationError('UNAUTHORIZED', `The supervision identity's key cannot be opened: ${error.message}.`, SECRET_REMEDY[error.code]), { cause: error });
  }
  return error;
}

/** Runs identity or profile work and rethrows its failure in the shown shape. */
export async function asIdentityWork<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw identityError(error);
  }
}
