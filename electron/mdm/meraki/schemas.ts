import { z } from 'zod';
import { MdmError } from '../errors.js';

/** zod shapes of the Meraki Dashboard answers the connector reads (names as in spec3 v1.42). */

export const merakiSmDevice = z.looseObject({
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
export type MerakiSmDevice = z.infer<typeof merakiSmDevice>;
export const merakiSmDevices = z.array(merakiSmDevice);

export const merakiSmUser = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  email: z.string().nullish(),
  fullName: z.string().nullish(),
  username: z.string().nullish(),
  displayName: z.string().nullish(),
  tags: z.union([z.string(), z.array(z.string())]).nullish(),
});
export type MerakiSmUser = z.infer<typeof merakiSmUser>;
export const merakiSmUsers = z.array(merakiSmUser);

export const merakiNetwork = z.looseObject({
  id: z.string().nullish(),
  organizationId: z.string().nullish(),
  name: z.string().nullish(),
  productTypes: z.array(z.string()).nullish(),
  enrollmentString: z.string().nullish(),
});

export const merakiVppAccounts = z.array(z.looseObject({ id: z.string().nullish(), vppAccountId: z.string().nullish(), name: z.string().nullish(), parsedToken: z.unknown().optional() }));

export const merakiAnything = z.unknown();

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
