import { z } from 'zod';
import { KioskCredential, KioskDeviceRef, KioskUser } from './kiosk.js';
import { lazySchema } from './lazy-schema.js';

/**
 * The staging flows (seeds 003): Single User Standard, Single User Advanced and Multi User
 * check-out/check-in. Every flow a screen offers is here too, so the CLI and scripts reach it.
 */
export const FlowName = lazySchema(() => z.enum(['single-user-standard', 'single-user-advanced', 'multi-user']));
export type FlowName = z.infer<typeof FlowName>;

export const ReturnPolicy = lazySchema(() => z.enum(['keep', 'remove-profiles', 'erase']));
export type ReturnPolicy = z.infer<typeof ReturnPolicy>;

/** A person in the directory: an id, a username, an email or a badge number (what a technician types). */
const UserRef = lazySchema(() => z.string().trim().min(1).max(256));
const Udid = lazySchema(() => z.string().trim().min(1));

const settingFields = {
  /** No device below this battery level is handed out. */
  batteryThreshold: z.number().int().min(0).max(100),
  /** Loan period: the due time of a check-out. */
  loanHours: z.number().positive().max(24 * 90),
  /** Devices one person may hold at once. */
  perUserLimit: z.number().int().min(1).max(100),
  /** Directory groups allowed to take devices from this cart; empty = everyone. */
  allowedGroups: z.array(z.string().min(1)),
  returnPolicy: ReturnPolicy,
  /** The staging account of Single User Standard (WS1's staging user); the MDM setting wins when set there. */
  stagingUser: z.string().min(1),
  /** How long a picked device waits to be taken before the pick lapses. */
  pickupTimeoutSeconds: z.number().int().min(10).max(3600),
  /** The blueprint Return to Service re-stages with (default: the device's last blueprint). */
  multiUserBlueprint: z.string().min(1).nullable(),
  /** Two factors at the kiosk: a badge scan is followed by the person's PIN (username + PIN alone is refused). */
  kioskBadgeNeedsPin: z.boolean(),
  /** Failed kiosk sign-ins for one person before each further try waits (30 s, doubling to 15 minutes). */
  kioskMaxTries: z.number().int().min(3).max(20),
  /** Failed sign-ins from one kiosk client (any names, any badges) before it waits likewise. */
  kioskClientMaxTries: z.number().int().min(5).max(200),
};

export const FlowSettings = lazySchema(() => z.object({
  batteryThreshold: settingFields.batteryThreshold.default(50),
  loanHours: settingFields.loanHours.default(8),
  perUserLimit: settingFields.perUserLimit.default(1),
  allowedGroups: settingFields.allowedGroups.default([]),
  returnPolicy: settingFields.returnPolicy.default('keep'),
  stagingUser: settingFields.stagingUser.default('staging'),
  pickupTimeoutSeconds: settingFields.pickupTimeoutSeconds.default(180),
  multiUserBlueprint: settingFields.multiUserBlueprint.default(null),
  kioskBadgeNeedsPin: settingFields.kioskBadgeNeedsPin.default(false),
  kioskMaxTries: settingFields.kioskMaxTries.default(5),
  kioskClientMaxTries: settingFields.kioskClientMaxTries.default(20),
}));
/** A change to some settings: what is left out stays as it is (no defaults filled in). */
export const FlowSettingsChange = lazySchema(() => z.object(settingFields).partial());
export type FlowSettingsChange = z.infer<typeof FlowSettingsChange>;
export type FlowSettings = z.infer<typeof FlowSettings>;

export const DirectoryUser = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  username: z.string().nullable(),
  email: z.string().nullable(),
  hasBadge: z.boolean(),
  groups: z.array(z.string()),
  source: z.enum(['local', 'mdm']),
}));
export type DirectoryUser = z.infer<typeof DirectoryUser>;

export const CheckoutView = lazySchema(() => z.object({
  id: z.number().int(),
  udid: z.string(),
  serial: z.string().nullable(),
  name: z.string().nullable(),
  userId: z.string(),
  userName: z.string().nullable(),
  slot: z.number().int().nullable(),
  returnSlot: z.number().int().nullable(),
  checkedOutAt: z.string(),
  dueAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  state: z.enum(['open', 'returned', 'overdue', 'lost']),
}));
export type CheckoutView = z.infer<typeof CheckoutView>;

/** A check-out waiting for its device to leave the cart (the kiosk's "take slot 3"). */
export const PickView = lazySchema(() => z.object({
  pickId: z.string(),
  state: z.enum(['waiting', 'taken', 'swapped', 'wrong-device', 'expired', 'cancelled']),
  user: KioskUser,
  device: KioskDeviceRef,
  /** The device actually taken when it was not the one picked. */
  took: KioskDeviceRef.nullable(),
  message: z.string().nullable(),
  checkoutId: z.number().int().nullable(),
  dueAt: z.string().nullable(),
}));
export type PickView = z.infer<typeof PickView>;

const Who = lazySchema(() => z.union([z.object({ user: UserRef }), z.object({ credential: KioskCredential })]));

export const CheckOutResult = lazySchema(() => z.object({
  user: KioskUser,
  device: KioskDeviceRef,
  pick: PickView.nullable(),
  checkoutId: z.number().int().nullable(),
  dueAt: z.string().nullable(),
}));

export const ReturnOutcome = lazySchema(() => z.object({
  policy: ReturnPolicy,
  /** What happens to the device now, in a sentence. */
  action: z.string(),
}));

export const FlowDeviceStatus = lazySchema(() => z.object({
  udid: z.string(),
  flow: FlowName.nullable(),
  /** e.g. "staged – awaiting first user", "registered to Ana – awaiting hand-off", "checked out". */
  status: z.string(),
  assignment: z.object({ kind: z.enum(['registration', 'staging', 'first-user']), userId: z.string(), userName: z.string().nullable(), since: z.string() }).nullable(),
  checkout: CheckoutView.nullable(),
  enrollmentId: z.string().nullable(),
}));
export type FlowDeviceStatus = z.infer<typeof FlowDeviceStatus>;

export const flowCommands = {
  'flows.settings': {
    input: lazySchema(() => z.object({ change: FlowSettingsChange.optional() }).default({})),
    output: FlowSettings,
  },
  /** Directory search by name, username, email or badge; falls back to the cached directory while the MDM is unreachable. */
  'users.search': {
    input: lazySchema(() => z.object({ query: z.string().trim().min(1).max(256), limit: z.number().int().min(1).max(200).default(20) })),
    output: lazySchema(() => z.object({ users: z.array(DirectoryUser), offline: z.boolean() })),
  },
  'flows.stage': {
    input: lazySchema(() => z.object({
      flow: FlowName,
      blueprint: z.string().min(1),
      /** Devices to stage; Single User Advanced names each device's user. */
      targets: z.union([z.literal('all'), z.array(z.object({ udid: Udid, user: UserRef.optional() })).min(1)]),
      /** Single User Advanced: one user for every target that names none. */
      user: UserRef.optional(),
    })),
    output: lazySchema(() => z.object({ batchId: z.string(), jobIds: z.array(z.string()), guidance: z.array(z.string()) })),
  },
  'flows.guidance': {
    input: lazySchema(() => z.object({ flow: FlowName, blueprint: z.string().min(1) })),
    output: lazySchema(() => z.object({ licensing: z.enum(['device', 'user']), guidance: z.array(z.string()) })),
  },
  'flows.status': { input: lazySchema(() => z.object({ udid: Udid.optional() }).default({})), output: lazySchema(() => z.array(FlowDeviceStatus)) },
  /** Sync with the MDM now and record Single User Standard first-user reassignments (once each). */
  'flows.sync': {
    input: lazySchema(() => z.object({}).default({})),
    output: lazySchema(() => z.object({ state: z.string(), reassigned: z.array(z.object({ udid: z.string(), userId: z.string() })), errors: z.array(z.string()) })),
  },
  /** Single User Advanced: register the device (serial, IMEI) to a user through the outbox. */
  'flows.assign': {
    input: lazySchema(() => z.object({ udid: Udid, user: UserRef })),
    output: lazySchema(() => z.object({ udid: z.string(), serial: z.string(), user: KioskUser, queued: z.boolean() })),
  },
  /** Single User Advanced: only the registered user may receive the device; anyone else is refused and audited. */
  'flows.handoff': {
    input: lazySchema(() => z.intersection(z.object({ udid: Udid }), Who)),
    output: lazySchema(() => z.object({ udid: z.string(), user: KioskUser, handedOver: z.literal(true) })),
  },
  /** The hand-off sheet (PDF, base64): user, device, model, serial, slot, date and a scannable code. */
  'flows.handoffSheet': {
    input: lazySchema(() => z.object({ udid: Udid })),
    output: lazySchema(() => z.object({ fileName: z.string(), pdfBase64: z.string() })),
  },
  /**
   * Multi User check-out. `awaitPickup` (default true) records it when the device leaves the cart
   * and catches a wrong device taken; false records it now (a technician hands it over).
   */
  'flows.checkout': {
    input: lazySchema(() => z.intersection(z.object({ awaitPickup: z.boolean().default(true) }), Who)),
    output: CheckOutResult,
  },
  'flows.pick': { input: lazySchema(() => z.object({ pickId: z.string().min(1) })), output: PickView },
  /** Gives up a pick nobody took (`checkout --wait` timing out): the device is free again, the pick reads "cancelled". */
  'picks.cancel': { input: lazySchema(() => z.object({ pickId: z.string().min(1), reason: z.string().trim().min(1).max(200).default('cancelled by the technician') })), output: PickView },
  'flows.checkin': {
    input: lazySchema(() => z.object({ udid: Udid })),
    output: lazySchema(() => z.object({ checkout: CheckoutView, returned: ReturnOutcome })),
  },
  'flows.checkouts': {
    input: lazySchema(() => z.object({ states: z.array(z.enum(['open', 'overdue', 'lost'])).min(1).default(['open', 'overdue']) }).default({ states: ['open', 'overdue'] })),
    output: lazySchema(() => z.array(CheckoutView)),
  },
  'flows.markLost': {
    input: lazySchema(() => z.object({ udid: Udid })),
    output: lazySchema(() => z.object({ checkout: CheckoutView, lostMode: z.object({ status: z.enum(['queued', 'not-supported']), message: z.string() }) })),
  },
  /** A User Enrollment (BYOD) device was unenrolled: the station forgets it entirely. */
  'flows.unenroll': {
    input: lazySchema(() => z.object({ enrollmentId: z.string().min(1) })),
    output: lazySchema(() => z.object({ deleted: z.boolean() })),
  },
  /** The kiosk asks how its pick is going (taken, a different device taken, lapsed). */
  'kiosk.pick': { input: lazySchema(() => z.object({ pickId: z.string().min(1) })), output: PickView },
} as const;
