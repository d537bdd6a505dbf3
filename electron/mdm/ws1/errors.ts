import { MdmError, type VendorDetail } from '../errors.js';
import { ws1Schemas } from './schemas.js';

/** WS1 codes that mean "this already exists", which a redelivered registration may meet. */
export const WS1_DUPLICATE_CODES = new Set([6181, 5210]);

/** LostModeV1 422 codes meaning "already in that state" (8161 enabled, 8162 disabled), per mdmv1.json. */
export const WS1_LOST_MODE_ALREADY = { on: 8161, off: 8162 } as const;

/**
 * Turns a WS1 failure into an MdmError carrying the tenant's own `errorCode`, `message` and
 * `activityId` (BaseExceptionModel), which is what Omnissa support asks for.
 */
export function parseWs1Error(status: number, body: string, _headers: Headers, label: string): MdmError {
  const vendor = readVendor(body);
  const said = vendor.message ? `: ${vendor.message}` : '';
  const options = { status, vendor };
  if (status === 401) {
    return new MdmError('UNAUTHORIZED', `${label} refused the credentials (HTTP 401)${said}`, {
      ...options,
      remedy: 'Check the API user name and password with the REST API key (aw-tenant-code), or the OAuth client id, secret and token URL: cartwright mdm configure.',
    });
  }
  if (status === 403) {
    return new MdmError('UNAUTHORIZED', `${label} denied the request (HTTP 403)${said}`, {
      ...options,
      remedy: 'The API account lacks a permission for this call (WS1 errorCode 1011), or the REST API key is not enabled for it.',
    });
  }
  if (status === 404) return new MdmError('NOT_FOUND', `${label} found nothing${said}`, { ...options, retryable: false });
  if (status === 408 || status === 429 || status >= 500) {
    return new MdmError('MDM_UNAVAILABLE', `${label} is unavailable (HTTP ${status})${said}`, { ...options, retryable: true });
  }
  return new MdmError('MDM_REJECTED', `${label} rejected the request (HTTP ${status})${said}`, { ...options, retryable: false });
}

function readVendor(body: string): VendorDetail {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return body.trim() ? { message: body.trim().slice(0, 200) } : {};
  }
  const parsed = ws1Schemas().ws1ErrorBody.safeParse(raw);
  if (!parsed.success) return {};
  const { errorCode, message, activityId } = parsed.data;
  const text = typeof message === 'string' ? message : message === undefined || message === null ? undefined : JSON.stringify(message);
  return {
    ...(errorCode !== undefined && errorCode !== null ? { errorCode: typeof errorCode === 'string' && /^-?\d+$/.test(errorCode) ? Number(errorCode) : errorCode } : {}),
    ...(activityId ? { activityId } : {}),
    ...(text && text !== '{}' ? { message: text } : {}),
  };
}
