import { randomUUID } from 'node:crypto';
import type { Checkout, EnqueueResult, JsonValue, Store } from '../store/index.js';
import { MdmError } from './errors.js';
import { normalSerial } from './mdm-devices.js';
import type { MessageKind, MessagePayload } from './messages.js';
import type { WipeKind } from './types.js';

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

  checkIn(input: { udid: string; returnSlotNumber?: number | null }): { checkout: Checkout; message: EnqueueResult } | undefined {
    return this.store.transaction(() => {
      const serial = this.serialOf(input.udid);
      const checkout = this.store.checkouts.checkIn(input.udid, input.returnSlotNumber ?? null);
      if (!checkout) return undefined;
      const message = this.enqueue('checkin', { serial }, serial, `checkin:${checkout.id}`);
      return { checkout, message };
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
