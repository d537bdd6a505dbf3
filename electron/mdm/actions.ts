import { randomUUID } from 'node:crypto';
import type { Checkout, EnqueueResult, JsonValue, Store } from '../store/index.js';
import { MdmError } from './errors.js';
import { normalSerial } from '../store/index.js';
import type { MessageKind, MessagePayload } from './messages.js';
import type { LostModeNotice, WipeKind } from './types.js';

/** One switch-on and one switch-off per check-out: marking lost twice, or redelivery, queues nothing new. */
const lostModeKey = (checkoutId: number, on: boolean): string => `lost-mode:${checkoutId}:${on ? 'on' : 'off'}`;

/**
 * The station's MDM-changing actions. Each writes the local change and its outbox message in one
 * SQLite transaction, so either both happen or neither; the outbox worker delivers the message
 * later. Messages are keyed by serial (what every MDM looks devices up by), which is the line
 * the worker keeps in order.
 */
export class MdmActions {
  constructor(private readonly store: Store) {}

  enqueue<K extends MessageKind>(kind: K, payload: MessagePayload<K>, deviceKey: string, idempotencyKey: string): EnqueueResult {
    // Payloads are plain JSON by construction (zod objects of strings).
    return this.store.outbox.enqueue({ kind, payload: payload as JsonValue, deviceKey: normalSerial(deviceKey), idempotencyKey });
  }

  checkOut(input: { udid: string; userId: string; slotNumber?: number | null; dueAt?: Date | null }): { checkout: Checkout; message: EnqueueResult } {
    return this.store.transaction(() => {
      const serial = this.serialOf(input.udid);
      const checkout = this.store.checkouts.checkOut({ udid: input.udid, userId: input.userId, slotNumber: input.slotNumber ?? null, dueAt: input.dueAt ?? null });
      const message = this.enqueue('checkout', { serial, userId: input.userId }, serial, `checkout:${checkout.id}`);
      return { checkout, message };
    });
  }

  /** Closes the check-out; a device the station had put in lost mode is also taken out of it (first, so it unlocks). */
  checkIn(input: { udid: string; returnSlotNumber?: number | null }): { checkout: Checkout; message: EnqueueResult; lostModeOff: EnqueueResult | null } | undefined {
    return this.store.transaction(() => {
      const serial = this.serialOf(input.udid);
      const checkout = this.store.checkouts.checkIn(input.udid, input.returnSlotNumber ?? null);
      if (!checkout) return undefined;
      const wasLocked = this.store.outbox.getByKey(lostModeKey(checkout.id, true)) !== undefined;
      const lostModeOff = wasLocked ? this.enqueue('lost-mode', { serial, enabled: false }, serial, lostModeKey(checkout.id, false)) : null;
      const message = this.enqueue('checkin', { serial }, serial, `checkin:${checkout.id}`);
      return { checkout, message, lostModeOff };
    });
  }

  /**
   * Marks the device's check-out lost and, given a `notice`, queues lost mode for the MDM. The
   * caller passes a notice only when the connector supports lost mode, so nothing is queued that
   * can only be dead-lettered; a device with no known serial is still marked lost here, with
   * `lostMode` null. Undefined when the device is not checked out.
   */
  markLost(input: { udid: string; notice?: LostModeNotice | null }): { checkout: Checkout; lostMode: EnqueueResult | null } | undefined {
    return this.store.transaction(() => {
      const active = this.store.checkouts.activeForDevice(input.udid);
      if (!active) return undefined;
      const checkout = this.store.checkouts.markLost(active.id);
      const known = this.store.devices.get(input.udid)?.serial;
      if (!input.notice || !known) return { checkout, lostMode: null };
      const serial = normalSerial(known);
      const { message, phone, footnote } = input.notice;
      const lostMode = this.enqueue('lost-mode', { serial, enabled: true, message, phone: phone ?? null, footnote: footnote ?? null }, serial, lostModeKey(checkout.id, true));
      return { checkout, lostMode };
    });
  }

  registerDevice(input: { serial: string; userId: string; imei?: string | null; friendlyName?: string | null }): EnqueueResult {
    return this.store.transaction(() => {
      const serial = normalSerial(input.serial);
      const assignment = this.store.assignments.assign({ serial }, input.userId, 'registration');
      return this.enqueue('register-device', { serial, userId: input.userId, imei: input.imei ?? null, friendlyName: input.friendlyName ?? null }, serial, `register:${assignment.id}`);
    });
  }

  /** A wipe has no local row to key on, so each request gets its own key (a double click is two wipes). */
  wipe(serialNumber: string, kind: WipeKind, idempotencyKey = `wipe:${randomUUID()}`): EnqueueResult {
    const serial = normalSerial(serialNumber);
    return this.store.transaction(() => {
      this.store.audit.append({ actor: 'station', source: 'system', action: `mdm.wipe.${kind}`, serial });
      return this.enqueue('wipe', { serial, wipe: kind }, serial, idempotencyKey);
    });
  }

  move(serialNumber: string, group: string, idempotencyKey = `move:${randomUUID()}`): EnqueueResult {
    const serial = normalSerial(serialNumber);
    return this.enqueue('move', { serial, group }, serial, idempotencyKey);
  }

  private serialOf(udid: string): string {
    const device = this.store.devices.get(udid);
    if (!device?.serial) throw new MdmError('INVALID_INPUT', `Device ${udid} has no known serial number; the MDM cannot be told about it`, { retryable: false });
    return normalSerial(device.serial);
  }
}
