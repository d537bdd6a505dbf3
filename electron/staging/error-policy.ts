import type { ErrorCode } from '../api/errors.js';

/**
 * What the runner does when a step fails with a given code:
 * - `retry`: transient; try the step again after a backoff, a bounded number of times;
 * - `wait-device`: the device left the cart; the job pauses and resumes when the same UDID returns;
 * - `wait-human`: someone must act on the device (Trust dialog, unlock, activation); the job pauses
 *   and resumes when the device re-attaches or the technician retries;
 * - `fail`: permanent for this blueprint; the device ends in a clear state with its remedy.
 */
export type FailurePolicy = 'retry' | 'wait-device' | 'wait-human' | 'fail';

const POLICY: Partial<Record<ErrorCode, FailurePolicy>> = {
  TIMEOUT: 'retry',
  PROTOCOL: 'retry',
  LIBRARY: 'retry',
  MDM_UNAVAILABLE: 'retry',
  DEVICE_GONE: 'wait-device',
  TRUST_PENDING: 'wait-human',
  PASSCODE_LOCKED: 'wait-human',
  NOT_ACTIVATED: 'wait-human',
  // The network to Apple is often only briefly down; after the bounded retries the job fails with the remedy.
  ACTIVATION_SERVER_UNREACHABLE: 'retry',
  NOT_PAIRED: 'retry',
  USBMUXD_UNAVAILABLE: 'retry',
};

export function failurePolicy(code: ErrorCode): FailurePolicy {
  return POLICY[code] ?? 'fail';
}

export const MAX_ATTEMPTS = 4;

/** Exponential backoff with full jitter, capped; `random` is injectable so tests are exact. */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 500, capMs = 15_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
