import type { ErrorCode } from '../api/errors.js';
import { MdmError } from '../mdm/index.js';
import { SecretBoxError } from '../store/secret-box.js';

/** An error in the shape every host shows (code, sentence, remedy). */
export function stationError(code: ErrorCode, message: string, remedy?: string): Error {
  return Object.assign(new Error(message), { code, ...(remedy ? { remedy } : {}) });
}

/** CLI flags in the MDM layer's sentences, as the fields the Admin screen labels them. */
const FIELD: Record<string, string> = {
  url: 'the URL',
  username: 'the username',
  password: 'the password',
  'tenant-code': 'the tenant code (REST API key)',
  'client-id': 'the client ID',
  'client-secret': 'the client secret',
  'token-url': 'the token URL',
  'api-key': 'the API key',
  network: 'the network ID',
  og: 'the organization group',
  'staging-user': 'the staging user',
};

export function screenWords(message: string): string {
  const text = message.replace(/--([a-z-]+)/g, (flag, name: string) => FIELD[name] ?? flag);
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

const SECRET_REMEDY: Record<SecretBoxError['code'], string> = {
  SECRET_NOT_CONFIGURED: 'Start the station with CARTWRIGHT_SECRET_PASSPHRASE or CARTWRIGHT_SECRET_KEYFILE set, or use the Cartwright app (it seals with the OS keychain).',
  SECRET_WRONG_KEY: 'Start the station with the passphrase or key file the credentials were saved with, or enter the credentials again.',
  SECRET_METHOD_MISMATCH: 'Start the station the way it was when the credentials were saved (the app or the headless server), or enter the credentials again.',
  SECRET_CORRUPT: 'Enter the MDM credentials again.',
  SECRET_UNAVAILABLE: 'Unlock or set up the OS keychain (on Linux, a Secret Service keyring such as GNOME Keyring or KWallet) and restart Cartwright.',
};

/**
 * Errors of the layers below (the MDM, the sealed settings, the store) as the Admin screens show
 * them. Anything unrecognised passes through and becomes the hosts' generic INTERNAL sentence.
 */
export function adminError(error: unknown, context: 'credentials' | 'mdm' = 'mdm'): unknown {
  if (error instanceof SecretBoxError) {
    const what = context === 'credentials' ? 'The MDM credentials cannot be sealed' : 'The MDM credentials cannot be opened';
    return stationError('UNAUTHORIZED', `${what}: ${error.message}.`, SECRET_REMEDY[error.code]);
  }
  if (error instanceof MdmError) {
    return stationError(error.code, screenWords(error.message), error.remedy);
  }
  return error;
}

/** Runs admin work and rethrows its failure in the shown shape. */
export async function asAdmin<T>(work: () => Promise<T> | T, context: 'credentials' | 'mdm' = 'mdm'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw adminError(error, context);
  }
}
