import type { CheckoutView } from '../api/flows.js';
import type { KioskDeviceRef } from '../api/kiosk.js';
import type { JsonValue } from '../store/json.js';
import type { Checkout } from '../store/repos/checkouts-repo.js';
import type { Actor, StationParts } from './parts.js';

export type { Actor } from './parts.js';

/** What naming a device, a person and a check-out needs: the live registry and the store. */
export type FlowRecords = Pick<StationParts, 'config' | 'store' | 'registry' | 'requestAudit'>;

export function stationActor(parts: Pick<StationParts, 'config'>): Actor {
  return { actor: parts.config.actor, source: parts.config.source };
}

export function flowAudit(station: FlowRecords, action: string, udid: string | null, details: Record<string, unknown>, who: Actor = stationActor(station)): void {
  const serial = udid ? (station.registry.get(udid)?.serial ?? station.store.devices.get(udid)?.serial ?? null) : null;
  // The station's own actor takes the request's source and client; a person at the kiosk keeps theirs.
  const req = station.requestAudit(who.source);
  const source = who.source === station.config.source ? req.source : who.source;
  station.store.audit.append({ actor: who.actor, source, action, udid, serial, details: (req.via ? { ...details, via: req.via } : details) as Record<string, JsonValue> });
}

/** The device as the kiosk names it; the live registry first, the stored record for a device away from the cart. */
export function deviceRef(station: Pick<StationParts, 'store' | 'registry'>, udid: string, slot?: number | null): KioskDeviceRef {
  const live = station.registry.get(udid);
  const stored = station.store.devices.get(udid);
  return { udid, slot: slot !== undefined ? slot : (live?.slot ?? stored?.slotNumber ?? null), name: live?.name ?? stored?.name ?? null, model: live?.model ?? stored?.modelName ?? null };
}

export function checkoutView(station: Pick<StationParts, 'store'>, c: Checkout): CheckoutView {
  const d = station.store.devices.get(c.udid);
  return {
    id: c.id,
    udid: c.udid,
    serial: d?.serial ?? null,
    name: d?.name ?? null,
    userId: c.userId,
    userName: station.store.users.get(c.userId)?.name ?? null,
    slot: c.slotNumber,
    returnSlot: c.returnSlotNumber,
    checkedOutAt: c.checkedOutAt,
    dueAt: c.dueAt,
    checkedInAt: c.checkedInAt,
    state: c.state,
  };
}

export function notFound(message: string, remedy?: string): never {
  throw Object.assign(new Error(message), { code: 'NOT_FOUND', ...(remedy ? { remedy } : {}) });
}

/** Runs async work one at a time (a pick must not hand the same device to two people). */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`${what} did not answer in ${Math.round(ms / 1000)} s`), { code: 'TIMEOUT' })), ms);
    timer.unref();
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
