import { ProfileError } from './errors.js';
import { inspectProfile, type InspectOptions, type MdmPayloadSummary, type ProfileInspection } from './inspect.js';

/**
 * The MDM enrollment profile a staging flow installs (or stores for after Setup Assistant): from a
 * file the MDM console exported, or fetched from the MDM's enrollment URL. Either way it must hold
 * a `com.apple.mdm` payload and be structurally valid.
 */
export interface EnrollmentProfile {
  bytes: Buffer;
  inspection: ProfileInspection;
  mdm: MdmPayloadSummary;
}

export function checkEnrollmentProfile(bytes: Buffer, options: InspectOptions = {}): EnrollmentProfile {
  const inspection = inspectProfile(bytes, options);
  if (!inspection.mdm) {
    throw new ProfileError('ENROLLMENT_NOT_MDM', 'this profile has no MDM payload (com.apple.mdm); export the enrollment profile from the MDM console, not another profile');
  }
  // A signature problem is reported, not fatal: iOS installs such profiles as "Not Verified".
  const structural = inspection.issues.filter((i) => i.path !== 'signature');
  if (structural.length) {
    throw new ProfileError('PROFILE_INVALID', 'the enrollment profile is not valid', structural.map((i) => `${i.path} ${i.message}`));
  }
  return { bytes, inspection, mdm: inspection.mdm };
}

export interface FetchEnrollmentOptions extends InspectOptions {
  username?: string;
  password?: string;
  /** Only for tests against a local server: allow http:// (credentials would travel in the clear). */
  allowInsecureHttp?: boolean;
  timeoutMs?: number;
  /** For tests; defaults to the global fetch. Custom CAs: start the station with NODE_EXTRA_CA_CERTS. */
  fetch?: typeof fetch;
}

const MAX_PROFILE_BYTES = 5 * 1024 * 1024;

function enrollmentRequest(url: string, options: FetchEnrollmentOptions): { target: URL; headers: Record<string, string> } {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', `"${url}" is not a valid URL`);
  }
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && options.allowInsecureHttp)) {
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', `the enrollment URL must use https:// (got ${target.protocol}//)`);
  }
  // fetch refuses URLs with embedded credentials; move them into the Authorization header.
  const username = options.username ?? (target.username ? decodeURIComponent(target.username) : undefined);
  const password = options.password ?? (target.password ? decodeURIComponent(target.password) : '');
  target.username = '';
  target.password = '';
  const headers: Record<string, string> = { Accept: 'application/x-apple-aspen-config, application/octet-stream;q=0.9, */*;q=0.1' };
  if (username !== undefined) headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return { target, headers };
}

export async function fetchEnrollmentProfile(url: string, options: FetchEnrollmentOptions = {}): Promise<EnrollmentProfile> {
  const { target, headers } = enrollmentRequest(url, options);
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(target, { headers, redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (err as Error).message;
    const hint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(detail) ? ' (the server certificate is not trusted; set NODE_EXTRA_CA_CERTS to your CA bundle)' : '';
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', `cannot reach ${target.origin}: ${detail}${hint}`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', `the MDM server refused the request (HTTP ${response.status}); check the enrollment username and password`);
  }
  if (!response.ok) throw new ProfileError('ENROLLMENT_FETCH_FAILED', `the MDM server answered HTTP ${response.status} ${response.statusText}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length === 0 || body.length > MAX_PROFILE_BYTES) {
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', `the MDM server sent ${body.length} bytes, not an enrollment profile`);
  }
  return checkEnrollmentProfile(body, options);
}
