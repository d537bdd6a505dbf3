import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

/**
 * Stable error codes shared by every layer and shown by every host. Device codes come from the
 * device layer; the others from the station. Scripts and the UI switch on these, never on text.
 */
export const ErrorCode = lazySchema(() => z.enum([
  // device
  'TRUST_PENDING',
  'USER_DENIED',
  'PASSCODE_LOCKED',
  'NOT_PAIRED',
  'DEVICE_GONE',
  'TIMEOUT',
  'CLOUD_CONFIG_PRESENT',
  'NOT_ACTIVATED',
  'ACTIVATION_LOCKED',
  'ACTIVATION_SERVER_UNREACHABLE',
  'ADE_ASSIGNED',
  'SUPERVISED_ELSEWHERE',
  'NOT_SUPERVISED',
  'USER_ENROLLMENT',
  'ESCALATION_REJECTED',
  'PROFILE_REJECTED',
  'SUPERVISOR_CHALLENGE',
  'PAIRING_PROHIBITED',
  'DEVICE_REFUSED',
  'PROTOCOL',
  'LIBRARY',
  'USBMUXD_UNAVAILABLE',
  'ADDON_MISSING',
  // station
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'STATION_LOCKED',
  'MDM_UNAVAILABLE',
  'MDM_REJECTED',
  'NOT_SUPPORTED',
  'UNAUTHORIZED',
  // too many failed sign-ins: wait (the message says how long) or ask an admin to unlock
  'RATE_LIMITED',
  'INTERNAL',
]));
export type ErrorCode = z.infer<typeof ErrorCode>;

/** How every host reports a failure: a stable code, a sentence a technician can act on, a remedy. */
export const ApiError = lazySchema(() => z.object({
  code: ErrorCode,
  message: z.string(),
  remedy: z.string().optional(),
  /** The device's own error chain (domain/code/description), kept for the journal. */
  deviceChain: z.array(z.object({ domain: z.string(), code: z.number(), description: z.string() })).optional(),
}));
export type ApiError = z.infer<typeof ApiError>;
