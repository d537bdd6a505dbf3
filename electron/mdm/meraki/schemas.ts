import { z } from 'zod';
import { MdmError } from '../errors.js';

/** zod shapes of the Meraki Dashboard answers the connector reads (names as in spec3 v1.42). */

/**
 * The schemas, built on first use: constructing them costs every station start a few
 * milliseconds (issue 14), and only a station talking to Meraki reads them.
 */
function buildMerakiSchemas() {
  const merakiSmDevice = z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    name: z.string().nullish(),
    serialNumber: z.string().nullish(),
    uuid: z.string().nullish(),
    tags: z.union([z.array(z.string()), z.string()]).nullish(),
    imei: z.string().nullish(),
    ownerUsername: z.string().nullish(),
    ownerEmail: z.string().nullish(),
    isSupervised: z.boolean().nullish(),
    isManaged: z.boolean().nullish(),
    lastConnected: z.union([z.number(), z.string()]).nullish(),
  });
  const merakiSmDevices = z.array(merakiSmDevice);

  const merakiSmUser = z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    email: z.string().nullish(),
    fullName: z.string().nullish(),
    username: z.string().nullish(),
    displayName: z.string().nullish(),
    tags: z.union([z.string(), z.array(z.string())]).nullish(),
  });
  const merakiSmUsers = z.array(merakiSmUser);

  const merakiNetwork = z.looseObject({
    id: z.string().nullish(),
    organizationId: z.string().nullish(),
    name: z.string().nullish(),
    productTypes: z.array(z.string()).nullish(),
    enrollmentString: z.string().nullish(),
  });

  const merakiVppAccounts = z.array(z.looseObject({ id: z.string().nullish(), vppAccountId: z.string().nullish(), name: z.string().nullish(), parsedToken: z.unknown().optional() }));

  const merakiAnything = z.unknown();

  return { merakiSmDevice, merakiSmDevices, merakiSmUser, merakiSmUsers, merakiNetwork, merakiVppAccounts, merakiAnything };
}

export type MerakiSchemas = ReturnType<typeof buildMerakiSchemas>;
let built: MerakiSchemas | undefined;

/** The Meraki answer schemas (built once, on the first call). */
export function merakiSchemas(): MerakiSchemas {
  return (built ??= buildMerakiSchemas());
}

export type MerakiSmDevice = z.infer<MerakiSchemas['merakiSmDevice']>;
export type MerakiSmUser = z.infer<MerakiSchemas['merakiSmUser']>;

/** Meraki errors are `{"errors": ["…"]}`; the spec documents none, so anything else is read as text. */
export function parseMerakiError(status: number, body: string, _headers: Headers, label: string): MdmError {
  let said = '';
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) said = parsed.errors.map(String).join('; ');
  } catch {
    said = body.trim().slice(0, 200);
  }
  const vendor = said ? { message: said } : undefined;
  const suffix = said ? `: ${said}` : '';
  const options = { status, ...(vendor ? { vendor } : {}) };
  if (status === 401) return new MdmError('UNAUTHORIZED', `${label} refused the API key (HTTP 401)${suffix}`, { ...options, remedy: 'Create or copy a Dashboard API key with access to this organization: cartwright mdm configure --kind meraki --api-key KEY.' });
  if (status === 403) return new MdmError('UNAUTHORIZED', `${label} denied the request (HTTP 403)${suffix}`, { ...options, remedy: 'The API key\'s administrator needs write access to this Systems Manager network.' });
  if (status === 404) return new MdmError('NOT_FOUND', `${label} found nothing (HTTP 404)${suffix}`, { ...options, retryable: false });
  if (status === 408 || status === 429 || status >= 500) return new MdmError('MDM_UNAVAILABLE', `${label} is unavailable (HTTP ${status})${suffix}`, { ...options, retryable: true });
  return new MdmError('MDM_REJECTED', `${label} rejected the request (HTTP ${status})${suffix}`, { ...options, retryable: false });
}
