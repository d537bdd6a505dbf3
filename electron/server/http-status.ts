import type { ErrorCode } from '../api/index.js';

/** The HTTP status for each error code: the request's fault (4xx), the device's state (409), or ours (5xx). */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'RATE_LIMITED':
      return 429;
    case 'NOT_FOUND':
      return 404;
    case 'NOT_SUPPORTED':
      return 501;
    case 'MDM_UNAVAILABLE':
      return 503;
    case 'MDM_REJECTED':
      return 502;
    case 'TIMEOUT':
      return 504;
    case 'INTERNAL':
    case 'LIBRARY':
      return 500;
    default:
      // Device states and station conflicts: the request was fine, the world was not ready for it.
      return 409;
  }
}
