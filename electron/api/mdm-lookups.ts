import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

/**
 * Asking the MDM itself (not the station's cache): its user directory, what it knows about one
 * device, and delivering the outbox now. The Admin screens' and the CLI's `mdm users|device|sync`.
 * Part of the station's `commands`; none of them is kiosk-allowed (electron/api/dispatch.ts).
 */

/** A person in the MDM's directory, as the MDM answered (a badge only where the MDM keeps one). */
export const MdmUserView = lazySchema(() => z.object({
  id: z.string(),
  uuid: z.string().optional(),
  username: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  badge: z.string().nullable().optional(),
  groups: z.array(z.string()),
  staging: z.object({ enabled: z.boolean(), type: z.string().nullable() }).optional(),
}));
export type MdmUserView = z.infer<typeof MdmUserView>;

const Enrollment = lazySchema(() => z.enum(['enrolled', 'pending', 'unenrolled', 'unknown']));

export const MdmDeviceView = lazySchema(() => z.object({
  id: z.string(),
  uuid: z.string().nullable().optional(),
  serial: z.string(),
  udid: z.string().nullable(),
  imei: z.string().nullable(),
  name: z.string().nullable(),
  username: z.string().nullable(),
  userId: z.string().nullable(),
  enrollment: Enrollment,
  enrollmentStatus: z.string().nullable(),
  supervised: z.boolean().nullable(),
  enrolledViaAde: z.boolean().nullable(),
  group: z.string().nullable(),
  tags: z.array(z.string()),
}));
export type MdmDeviceView = z.infer<typeof MdmDeviceView>;

/** Whether the serial is ADE-assigned, with the warning a technician needs; or why the MDM cannot say. */
export const AdeAnswer = lazySchema(() => z.union([
  z.object({
    serial: z.string(),
    assigned: z.boolean(),
    server: z.string().nullable(),
    profileName: z.string().nullable(),
    profileUuid: z.string().nullable(),
    profileStatus: z.string().nullable(),
    warning: z.string().nullable(),
  }),
  z.object({ notSupported: z.string() }),
]));

/** What the last sync cached about the device (migration 0005). */
export const CachedMdmDevice = lazySchema(() => z.object({
  serial: z.string(),
  udid: z.string().nullable(),
  mdmId: z.string().nullable(),
  enrollment: z.union([Enrollment, z.literal('absent')]),
  enrollmentStatus: z.string().nullable(),
  username: z.string().nullable(),
  userId: z.string().nullable(),
  adeAssigned: z.boolean().nullable(),
  adeServer: z.string().nullable(),
  adeProfile: z.string().nullable(),
  adeProfileStatus: z.string().nullable(),
  checkedAt: z.string(),
  adeCheckedAt: z.string().nullable(),
}));

export const DeliveryReport = lazySchema(() => z.object({ delivered: z.number().int(), failed: z.number().int(), dead: z.number().int() }));
export type DeliveryReport = z.infer<typeof DeliveryReport>;

export const mdmLookupCommands = {
  /** Searches the MDM's own user directory (the configured connector, live). */
  'mdm.users': { input: lazySchema(() => z.object({ query: z.string().trim().min(1, 'Type part of a name, username or email.').max(256) })), output: lazySchema(() => z.object({ users: z.array(MdmUserView) })) },
  /** What the MDM knows about a device by serial number, whether it is ADE-assigned, and what the last sync cached. */
  'mdm.device': {
    input: lazySchema(() => z.object({ serial: z.string().trim().min(1, 'A serial number is required.').max(64) })),
    output: lazySchema(() => z.object({ serial: z.string(), found: z.boolean(), device: MdmDeviceView.nullable(), ade: AdeAnswer, lastSync: CachedMdmDevice.nullable() })),
  },
  /** Delivers the messages waiting in the outbox now (at most `rounds` passes; stops at the first outage). */
  'mdm.deliver': { input: lazySchema(() => z.object({ rounds: z.number().int().min(1).max(1000).default(50) }).default({ rounds: 50 })), output: DeliveryReport },
} as const;

export type MdmLookupCommandName = keyof typeof mdmLookupCommands;
