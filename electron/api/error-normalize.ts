import { ApiError, ErrorCode } from './errors.js';
import { DEFAULT_REMEDY } from './remedies.js';

const GENERIC = 'Something went wrong in the station.';

/**
 * Any thrown value → the ApiError every host shows. A known code keeps its sentence and remedy;
 * an error without one (a bug, a library failure) becomes INTERNAL with a generic sentence, so a
 * stack trace or an internal path never reaches a screen.
 */
export function toApiError(err: unknown): ApiError {
  const already = ApiError.safeParse(err);
  if (already.success) return withRemedy(already.data);
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown; remedy?: unknown };
  const code = ErrorCode.safeParse(e.code);
  if (code.success && typeof e.message === 'string') {
    return withRemedy({ code: code.data, message: e.message, ...(typeof e.remedy === 'string' ? { remedy: e.remedy } : {}) });
  }
  return { code: 'INTERNAL', message: GENERIC, remedy: DEFAULT_REMEDY.INTERNAL };
}

function withRemedy(error: ApiError): ApiError {
  return error.remedy ? error : { ...error, remedy: DEFAULT_REMEDY[error.code] };
}

/** A failure a host raises itself (bad input, unknown command), already in the shown shape. */
export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly remedy?: string,
  ) {
    super(message);
  }
}
