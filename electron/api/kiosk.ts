import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

/**
 * Kiosk check-out / check-in (the Multi User flow), part of the station's `commands`: every
 * station implements them (electron/station/flows-handlers.ts).
 */

const Pin = lazySchema(() => z.string().regex(/^\d{4,12}$/, 'The PIN is 4 to 12 digits.'));
const Badge = lazySchema(() => z.string().trim().min(1).max(256));

/**
 * A badge scan (the scanner types the badge number and Enter), a badge and PIN (sites that want two
 * factors: the `kioskBadgeNeedsPin` flow setting), or a username and PIN. Strict objects, so a badge
 * with a PIN never silently loses the PIN to the badge-only shape.
 */
export const KioskCredential = lazySchema(() => z.union([
  z.strictObject({ badge: Badge, pin: Pin }),
  z.strictObject({ badge: Badge }),
  z.strictObject({ username: z.string().trim().min(1).max(128), pin: Pin }),
]));
export type KioskCredential = z.infer<typeof KioskCredential>;

export const KioskUser = lazySchema(() => z.object({ username: z.string(), displayName: z.string() }));
export type KioskUser = z.infer<typeof KioskUser>;

/** The device the kiosk points at: the slot is what the person reads from across the room. */
export const KioskDeviceRef = lazySchema(() => z.object({
  udid: z.string(),
  slot: z.number().int().nullable(),
  name: z.string().nullable(),
  model: z.string().nullable(),
}));
export type KioskDeviceRef = z.infer<typeof KioskDeviceRef>;

export const kioskCommands = {
  /** Who is this, what do they hold, may they take another device? */
  'kiosk.identify': {
    input: lazySchema(() => z.object({ credential: KioskCredential })),
    output: lazySchema(() => z.object({ user: KioskUser, holding: z.array(KioskDeviceRef), canCheckOut: z.boolean() })),
  },
  /** Picks a ready device for the person and assigns it; the person then takes it from `device.slot`. */
  'kiosk.checkOut': {
    input: lazySchema(() => z.object({ credential: KioskCredential })),
    // pickId: ask kiosk.pick how the pick goes (taken, a different device taken, lapsed).
    output: lazySchema(() => z.object({ user: KioskUser, device: KioskDeviceRef, pickId: z.string().optional() })),
  },
  /** Where to put a held device back (`udid` when the person holds several). */
  'kiosk.checkIn': {
    input: lazySchema(() => z.object({ credential: KioskCredential, udid: z.string().min(1).optional() })),
    output: lazySchema(() => z.object({ user: KioskUser, device: KioskDeviceRef })),
  },
} as const;

export type KioskCommands = typeof kioskCommands;
export type KioskCommandName = keyof KioskCommands;
