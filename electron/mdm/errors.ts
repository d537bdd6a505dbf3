import type { ErrorCode } from '../api/errors.js';

/** The subset of the station's stable error codes an MDM connector reports. */
export type MdmErrorCode = Extract<ErrorCode, 'MDM_UNAVAILABLE' | 'MDM_REJECTED' | 'NOT_SUPPORTED' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'INVALID_INPUT' | 'CONFLICT'>;

/** What the MDM itself said, kept verbatim for the dead-letter list and support tickets. */
export interface VendorDetail {
  /** WS1 `errorCode` (e.g. 6181), Meraki has none. */
  errorCode?: number | string;
  /** WS1 `activityId`: the tenant's transaction id, what Omnissa support asks for. */
  activityId?: string;
  message?: string;
}

export interface MdmErrorOptions {
  status?: number;
  vendor?: VendorDetail;
  /** Worth trying again later (outage, 5xx, 429, timeout); false means the MDM refused for good. */
  retryable?: boolean;
  retryAfterMs?: number;
  remedy?: string;
  cause?: unknown;
}

/**
 * Every connector failure is one of these, so the outbox can decide retry vs dead-letter and the UI
 * can show a sentence, without knowing which MDM is behind it.
 */
export class MdmError extends Error {
  override readonly name: string = 'MdmError';
  readonly status: number | undefined;
  readonly vendor: VendorDetail | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly remedy: string | undefined;

  constructor(
    readonly code: MdmErrorCode,
    message: string,
    options: MdmErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.vendor = options.vendor;
    this.retryable = options.retryable ?? code === 'MDM_UNAVAILABLE';
    this.retryAfterMs = options.retryAfterMs;
    this.remedy = options.remedy;
  }

  /** One line for logs and the dead-letter list: code, HTTP status and the vendor's own words. */
  describe(): string {
    const vendor = this.vendor
      ? ` [${[this.vendor.errorCode !== undefined ? `errorCode ${this.vendor.errorCode}` : '', this.vendor.activityId ? `activityId ${this.vendor.activityId}` : ''].filter(Boolean).join(', ')}]`
      : '';
    return `${this.code}${this.status ? ` (HTTP ${this.status})` : ''}: ${this.message}${vendor === ' []' ? '' : vendor}`;
  }
}

/** A capability this MDM's API does not offer. The UI shows the sentence; nothing is silently skipped. */
export class NotSupportedError extends MdmError {
  override readonly name = 'NotSupportedError';
  constructor(
    readonly connector: string,
    readonly operation: string,
    sentence: string,
  ) {
    super('NOT_SUPPORTED', sentence, { retryable: false });
  }
}

export function isMdmError(error: unknown): error is MdmError {
  return error instanceof MdmError;
}
