import { z } from 'zod';
import { ApiError } from './errors.js';
import { lazySchema } from './lazy-schema.js';

/** Where a device stands, as a technician at the cart reads it on a tile. */
export const DeviceState = lazySchema(() => z.enum([
  'connecting', // attached, identity not read yet
  'waiting-trust', // Trust dialog on screen: "tap Trust on the device in slot N"
  'idle', // paired and known, nothing running
  'staging', // a job is running
  'ready', // staged and verified
  'checked-out', // away with a user
  'needs-activation', // unactivated: needs Apple's servers (Setup Assistant or Finder/iTunes)
  'error', // the last job ended in an error; see `error`
  'disconnected',
]));
export type DeviceState = z.infer<typeof DeviceState>;

export const EnrollmentType = lazySchema(() => z.enum(['device', 'user']));

/** Why the tile reads as it does, as a stable code: screens choose words and icons from it, never from `stateDetail`. */
export const TileCode = lazySchema(() => z.enum([
  'queued', // a job waits for a free worker
  'step', // a step is running (see `step` and `progress`)
  'step-done', // the step finished; the next one starts
  'trust-pending', // the Trust dialog is on screen
  'paused-unplugged', // the job waits for the device to come back
  'paused-error', // the job waits for a person (see `error`)
  'paused-held', // its batch is paused by a technician: the job continues when the batch resumes
  'cancelled',
  'failed',
  'read-failed', // its identity could not be read
  'picked', // reserved for someone at the kiosk
  'checked-out',
  'checked-in',
  'assignment', // staged for, or registered to, one person
  'return-erasing', // Return to Service: erasing
  'return-activating', // Return to Service: waiting for activation
  'user-enrollment', // a personal device in User Enrollment: never staged
]));
export type TileCode = z.infer<typeof TileCode>;

/** One device as every host shows it; also the shape of `cartwright devices --json` rows. */
export const DeviceSummary = lazySchema(() => z.object({
  udid: z.string(),
  serial: z.string().nullable(),
  imei: z.string().nullable(),
  name: z.string().nullable(),
  productType: z.string().nullable(),
  model: z.string().nullable(),
  productVersion: z.string().nullable(),
  slot: z.number().int().nullable(),
  portId: z.string().nullable(),
  battery: z.number().int().min(0).max(100).nullable(),
  charging: z.boolean().nullable(),
  paired: z.boolean(),
  supervised: z.boolean(),
  organizationName: z.string().nullable(),
  enrollmentType: EnrollmentType,
  connected: z.boolean(),
  state: DeviceState,
  /** e.g. the running step's name and progress text. */
  stateDetail: z.string().nullable(),
  /** The running job's step as numbers, for the tile's progress bar (optional: hosts may send only stateDetail). */
  progress: z.object({ step: z.number().int().min(1), of: z.number().int().min(1), title: z.string() }).nullable().optional(),
  /** The running step's name in the blueprint (e.g. 'pair'), while a job runs. */
  step: z.string().nullable().optional(),
  /** Why the tile reads as it does (see TileCode); null when it is simply at rest. */
  code: TileCode.nullable().optional(),
  error: ApiError.nullable(),
  /** Who holds it (check-out) or who it is registered to. */
  holder: z.string().nullable(),
}));
export type DeviceSummary = z.infer<typeof DeviceSummary>;
