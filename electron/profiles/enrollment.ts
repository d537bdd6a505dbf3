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
  /** Allow http:// when no credentials go with the request (an MDM on the local network); credentials still need https://. */
  allowHttpWithoutCredentials?: boolean;
  timeoutMs?: number;
  /** For tests; defaults to the global fetch. Custom CAs: start the station with NODE_EXTRA_CA_CERTS. */
  fetch?: typeof fetch;
}

/** Larger than any enrollment profile (a few KB; a signed one with its chain, tens of KB): anything bigger is not one. */
export const MAX_ENROLLMENT_PROFILE_BYTES = 5 * 1024 * 1024;

function enrollmentRequest(url: string, options: FetchEnrollmentOptions): { target: URL; headers: Record<string, string> } {
  let target: URL;
  try {
    target = new URL(url.trim());
  } catch {
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', `"${url}" is not a valid URL; give the full address, e.g. https://mdm.example.com/enroll`);
  }
  // fetch refuses URLs with embedded credentials; move them into the Authorization header.
  const username = options.username ?? (target.username ? decodeURIComponent(target.username) : undefined);
  const password = options.password ?? (target.password ? decodeURIComponent(target.password) : '');
  const plainHttpAllowed = options.allowInsecureHttp === true || (options.allowHttpWithoutCredentials === true && username === undefined);
  if (target.protocol === 'http:' && options.allowHttpWithoutCredentials && !plainHttpAllowed) {
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', 'credentials must not travel over plain http://; use the https:// enrollment URL');
  }
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && plainHttpAllowed)) {
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', `the enrollment URL must use https:// (got ${target.protocol}//)`);
  }
  target.username = '';
  target.password = '';
  const headers: Record<string, string> = { Accept: 'application/x-apple-aspen-config, application/octet-stream;q=0.9, */*;q=0.1' };
  if (username !== undefined) headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return { target, headers };
}

/** Why the server could not be reached, in words: DNS, refusal, timeout, TLS trust. */
function unreachable(target: URL, err: unknown, timeoutMs: number): ProfileError {
  if ((err as Error).name === 'TimeoutError') {
    return new ProfileError('ENROLLMENT_FETCH_FAILED', `${target.origin} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}; check the URL and that the MDM server is up`);
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (err as Error).message;
  if (detail === 'ENOTFOUND' || detail === 'EAI_AGAIN') {
    return new ProfileError('ENROLLMENT_FETCH_FAILED', `cannot find the server "${target.hostname}" (DNS lookup failed, ${detail}); check the host name in the URL and the network`);
  }
  if (detail === 'ECONNREFUSED') return new ProfileError('ENROLLMENT_FETCH_FAILED', `${target.origin} refused the connection (ECONNREFUSED); check the port in the URL and that the MDM server is up`);
  const hint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(detail) ? ' (the server certificate is not trusted; set NODE_EXTRA_CA_CERTS to your CA bundle)' : '';
  return new ProfileError('ENROLLMENT_FETCH_FAILED', `cannot reach ${target.origin}: ${detail}${hint}`);
}

/** The body, read no further than the cap: a wrong URL may stream a disk image or never end. */
async function cappedBody(response: Response, target: URL, timeoutMs: number): Promise<Buffer> {
  const tooLarge = () => new ProfileError('ENROLLMENT_FETCH_FAILED', `the server sent more than ${MAX_ENROLLMENT_PROFILE_BYTES / 1024 / 1024} MB, which is not an enrollment profile; check the URL`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_ENROLLMENT_PROFILE_BYTES) throw tooLarge();
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ENROLLMENT_PROFILE_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    throw unreachable(target, err, timeoutMs);
  }
  return Buffer.concat(chunks);
}

export async function fetchEnrollmentProfile(url: string, options: FetchEnrollmentOptions = {}): Promise<EnrollmentProfile> {
  const { target, headers } = enrollmentRequest(url, options);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let response: Response;
  try {
    response = await doFetch(target, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw unreachable(target, err, timeoutMs);
  }
  if (response.status === 401 || response.status === 403) {
    throw new ProfileError('ENROLLMENT_FETCH_FAILED', `the MDM server refused the request (HTTP ${response.status}); check the enrollment username and password`);
  }
  if (!response.ok) throw new ProfileError('ENROLLMENT_FETCH_FAILED', `the MDM server answered HTTP ${response.status} ${response.statusText}`.trimEnd() + '; check the enrollment URL');
  const body = await cappedBody(response, target, timeoutMs);
  if (body.length === 0) throw new ProfileError('ENROLLMENT_FETCH_FAILED', 'the MDM server sent an empty answer, not an enrollment profile; check the URL');
  try {
    return checkEnrollmentProfile(body, options);
  } catch (err) {
    if (err instanceof ProfileError && err.code === 'PROFILE_UNREADABLE') {
      const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
      throw new ProfileError('PROFILE_UNREADABLE', `the URL answered something that is not a configuration profile (${type}); use the enrollment profile's download URL from the MDM console`);
    }
    throw err;
  }
}
