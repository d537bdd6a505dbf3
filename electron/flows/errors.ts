import type { ErrorCode } from '../api/errors.js';

/** A flow refused or failed: a stable code, a sentence the person at the kiosk can act on, a remedy. */
export class FlowError extends Error {
  override readonly name = 'FlowError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly remedy?: string,
  ) {
    super(message);
  }
}
