import { randomUUID } from 'node:crypto';
import type { DeviceSummary } from '../../api/device.js';
import type { CheckoutView, FlowSettings, PickView, ReturnPolicy } from '../../api/flows.js';
import type { KioskDeviceRef, KioskUser } from '../../api/kiosk.js';
import type { LostModeNotice } from '../../mdm/types.js';
import { checkOutRefusal, displayUser, dueAt, FlowError, judgeDeparture, nothingReadyReason, rankCandidates, readiness } from '../index.js';
import type { User } from '../../store/repos/users-repo.js';
import { CheckoutBook, type CheckoutParts, type LostModeAnswer } from './checkouts.js';
import { deviceRef, flowAudit, Serial, stationActor, type Actor } from '../common.js';
import { isOpen, PickBoard, type OpenPick } from './picks.js';
import { DevicePool, type PoolParts } from './pool.js';
import type { ReturnService } from '../return/service.js';
import type { StationParts } from '../parts.js';

export type { LostModeAnswer } from './checkouts.js';
export type MultiUserParts = CheckoutParts & PoolParts & Pick<StationParts, 'runner' | 'cart'>;

/** A battery level older than this is not trusted for a device someone took instead. */
const FRESH_BATTERY_MS = 120_000;
/** Devices whose battery is read, best first, before a pick gives up. */
const MAX_READS_PER_PICK = 10;

export interface CheckOutOutcome {
  user: KioskUser;
  device: KioskDeviceRef;
  pick: PickView | null;
  checkoutId: number | null;
  dueAt: string | null;
}

/**
 * Multi User (shared devices): check-out picks the best ready device and waits for it to leave the
 * cart (a different device taken is caught and answered), check-in happens when a checked-out
 * device is plugged into any slot, then the return policy runs. Check-outs are recorded locally
 * and queued for the MDM in one transaction, so the MDM being down stops nothing.
 */
export class MultiUserFlow {
  readonly pool: DevicePool;
  private readonly picks: PickBoard;
  private readonly serial = new Serial();
  private readonly book: CheckoutBook;

  constructor(
    private readonly station: MultiUserParts,
    private readonly returns: ReturnService,
    private readonly settings: () => FlowSettings,
  ) {
    this.book = new CheckoutBook(station);
    this.picks = new PickBoard(station);
    this.pool = new DevicePool(station, { isReserved: (u) => this.isReserved(u), isRestaging: (u) => returns.isRestaging(u) });
  }

  isReserved(udid: string): boolean {
    return this.picks.open().some((p) => p.udid === udid);
  }

  /** Devices the person holds, and picks they have not collected yet. */
  holding(userId: string): number {
    return this.station.store.checkouts.activeForUser(userId).length + this.picks.open().filter((p) => p.user.id === userId).length;
  }

  heldBy(userId: string): KioskDeviceRef[] {
    return this.book.heldBy(userId);
  }

  canCheckOut(user: User): boolean {
    return checkOutRefusal(user, this.holding(user.id), this.settings()) === null;
  }

  checkOut(user: User, options: { awaitPickup: boolean; who: Actor }): Promise<CheckOutOutcome> {
    return this.serial.run(async () => {
      const settings = this.settings();
      const refusal = checkOutRefusal(user, this.holding(user.id), settings);
      if (refusal) {
        flowAudit(this.station, 'flow.checkout.refused', null, { userId: user.id, reason: refusal.message }, options.who);
        throw refusal;
      }
      const udid = await this.choose(settings.batteryThreshold);
      const slot = this.station.registry.get(udid)?.slot ?? null;
      const due = dueAt(new Date(), settings).toISOString();
      if (!options.awaitPickup) {
        const checkoutId = this.book.record(udid, user, slot, due, options.who, { via: 'handed-over' });
        return { user: displayUser(user), device: deviceRef(this.station, udid, slot), pick: null, checkoutId, dueAt: due };
      }
      const pick: OpenPick = { id: randomUUID(), user, udid, slot, state: 'waiting', took: null, message: null, checkoutId: null, dueAt: due, who: options.who, timer: null };
      pick.timer = setTimeout(() => this.expire(pick), settings.pickupTimeoutSeconds * 1000);
      pick.timer.unref();
      this.station.registry.picked(udid, { user: user.name, slot });
      flowAudit(this.station, 'flow.checkout.picked', udid, { pickId: pick.id, userId: user.id, slot }, options.who);
      this.picks.add(pick);
      return { user: displayUser(user), device: deviceRef(this.station, udid, slot), pick: this.picks.viewOf(pick), checkoutId: null, dueAt: due };
    });
  }

  pick(pickId: string): PickView {
    return this.picks.view(pickId);
  }

  cancel(pickId: string, reason: string): void {
    const pick = this.picks.get(pickId);
    if (!pick || !isOpen(pick)) return;
    this.settle(pick, 'cancelled', `The check-out was cancelled (${reason}).`);
    flowAudit(this.station, 'flow.checkout.cancelled', pick.udid, { pickId, reason }, pick.who);
  }

  /** Explicit check-in (CLI, API): closes the check-out and applies the return policy. */
  async checkIn(udid: string, who: Actor): Promise<{ checkout: CheckoutView; returned: { policy: ReturnPolicy; action: string } }> {
    const attached = this.station.layer.watcher.isAttached(udid);
    const slot = attached ? (this.station.registry.get(udid)?.slot ?? null) : null;
    const closed = this.book.close(udid, slot, who, 'station');
    if (!closed) throw new FlowError('NOT_FOUND', `Device ${udid} is not checked out.`, 'See what is out with cartwright checkouts.');
    const policy = this.settings().returnPolicy;
    const action = await this.returns.apply(udid, policy);
    return { checkout: closed, returned: { policy, action } };
  }

  /** The kiosk's check-in: which held device, and where to plug it (the closing happens when the cart sees it). */
  whereToReturn(user: User, udid: string | undefined, who: Actor): KioskDeviceRef {
    const held = this.station.store.checkouts.activeForUser(user.id);
    const c = udid ? held.find((x) => x.udid === udid) : held.length === 1 ? held[0] : undefined;
    if (!c) {
      throw held.length === 0
        ? new FlowError('NOT_FOUND', `${user.name}, you have no device checked out.`, 'Check out a device instead.')
        : new FlowError('INVALID_INPUT', 'You hold more than one device: choose the one you are returning.', 'Pick the device on the screen.');
    }
    flowAudit(this.station, 'kiosk.checkin.started', c.udid, { userId: user.id, checkoutId: c.id }, who);
    return deviceRef(this.station, c.udid, this.freeSlot(c.slotNumber));
  }

  list(states: ('open' | 'overdue' | 'lost')[]): CheckoutView[] {
    return this.book.list(states);
  }

  markOverdue(): void {
    this.book.markOverdue();
  }

  /** A device left the cart; `before` is how the station saw it just before. */
  onDetach(udid: string, before: DeviceSummary | undefined): void {
    const slot = before?.slot ?? null;
    const open = this.picks.open();
    const own = open.find((p) => p.udid === udid);
    if (own) {
      this.take(own, 'taken', null);
      return;
    }
    if (this.station.store.checkouts.activeForDevice(udid)) {
      this.book.markAway(udid);
      return;
    }
    if (open.some((p) => p.took?.udid === udid)) return;
    // The station's own doing: a device restarting while it is staged or erased for Return to Service.
    if (this.station.runner.isRunning(udid) || this.returns.isRestaging(udid)) return;
    const pick = open.find((p) => p.state === 'waiting') ?? open[0];
    const candidate = { ...this.pool.candidate(udid, before), connected: true, reserved: false };
    const fresh = this.pool.batteryAge(udid) <= FRESH_BATTERY_MS;
    const ready = readiness({ ...candidate, battery: fresh ? candidate.battery : null }, this.settings().batteryThreshold);
    const verdict = judgeDeparture(pick, { udid, slot }, ready);
    if (verdict.verdict === 'unrelated' || !pick) {
      if (!candidate.staged) return;
      flowAudit(this.station, 'flow.removed-without-checkout', udid, { slot });
      this.station.emit({ type: 'notice', level: 'warning', message: `The device in slot ${slot ?? '?'} left the cart without a check-out.` });
      return;
    }
    if (verdict.verdict === 'swap') {
      const picked = pick.udid;
      flowAudit(this.station, 'flow.checkout.wrong-device', udid, { pickId: pick.id, picked, pickedSlot: pick.slot, took: udid, tookSlot: slot, verdict: 'accepted' }, pick.who);
      this.station.registry.picked(picked, null);
      pick.udid = udid;
      pick.slot = slot;
      this.take(pick, 'swapped', verdict.message);
      return;
    }
    if (verdict.verdict === 'put-back') {
      pick.state = 'wrong-device';
      pick.took = { udid, slot };
      pick.message = verdict.message;
      flowAudit(this.station, 'flow.checkout.wrong-device', udid, { pickId: pick.id, picked: pick.udid, pickedSlot: pick.slot, took: udid, tookSlot: slot, verdict: 'put-back' }, pick.who);
      this.station.emit({ type: 'notice', level: 'warning', message: verdict.message });
      this.picks.publish(pick);
    }
  }

  /** A device arrived: a put-back device clears its pick's warning; a checked-out device is checked in. */
  onAttach(udid: string): void {
    for (const p of this.picks.all()) {
      if (p.state === 'wrong-device' && p.took?.udid === udid) {
        flowAudit(this.station, 'flow.checkout.put-back', udid, { pickId: p.id }, p.who);
        p.state = 'waiting';
        p.took = null;
        p.message = `Thank you. Now take the device from slot ${p.slot ?? '?'}.`;
        this.picks.publish(p);
      }
    }
    if (!this.station.store.checkouts.activeForDevice(udid)) return;
    const slot = this.station.registry.get(udid)?.slot ?? null;
    this.book.close(udid, slot, stationActor(this.station), 'cart');
    const policy = this.settings().returnPolicy;
    void this.returns.apply(udid, policy).catch((e: unknown) => this.station.emit({ type: 'notice', level: 'warning', message: `Return policy "${policy}" failed: ${(e as Error).message}` }));
  }

  markLost(udid: string, notice?: LostModeNotice): { checkout: CheckoutView; lostMode: LostModeAnswer } {
    return this.book.markLost(udid, notice);
  }

  /**
   * The station closes: a pick nobody can take any more is cancelled and published (the kiosk and
   * a waiting `checkout --wait` hear it and say so), then the board stops its timers.
   */
  close(): void {
    for (const p of this.picks.open()) this.cancel(p.id, 'the station closed');
    this.picks.close();
  }

  private async choose(threshold: number): Promise<string> {
    const ranked = rankCandidates(this.pool.candidates());
    for (const c of ranked.slice(0, MAX_READS_PER_PICK)) {
      const battery = await this.pool.freshBattery(c.udid);
      // Re-read the rest after the await: the device may have left or been picked meanwhile.
      if (readiness({ ...this.pool.candidate(c.udid), battery }, threshold).ready) return c.udid;
    }
    throw new FlowError('CONFLICT', nothingReadyReason(this.pool.candidates(), threshold), 'Wait a few minutes for devices to charge, or ask a technician.');
  }

  private take(pick: OpenPick, state: 'taken' | 'swapped', message: string | null): void {
    if (pick.timer) clearTimeout(pick.timer);
    pick.timer = null;
    if (pick.took && pick.took.udid !== pick.udid) {
      // Still out from a wrong pick that was never put back.
      flowAudit(this.station, 'flow.removed-without-checkout', pick.took.udid, { slot: pick.took.slot, pickId: pick.id });
    }
    // The check-out is recorded before anyone hears "taken": a pick whose recording fails is
    // published as cancelled, so no screen ever tells the person to enjoy a device not lent to them.
    try {
      pick.checkoutId = this.book.record(pick.udid, pick.user, pick.slot, pick.dueAt, pick.who, { via: state, pickId: pick.id });
      pick.state = state;
      pick.took = state === 'swapped' ? { udid: pick.udid, slot: pick.slot } : null;
      pick.message = message;
    } catch (e) {
      pick.state = 'cancelled';
      pick.message = `The check-out could not be recorded: ${(e as Error).message}`;
      this.station.emit({ type: 'notice', level: 'error', message: pick.message });
    }
    this.picks.publish(pick);
    this.picks.forgetLater(pick);
  }

  private expire(pick: OpenPick): void {
    if (!isOpen(pick)) return;
    this.settle(pick, 'expired', 'Nobody took the device in time; scan your badge again.');
    flowAudit(this.station, 'flow.checkout.expired', pick.udid, { pickId: pick.id, userId: pick.user.id }, pick.who);
  }

  private settle(pick: OpenPick, state: 'expired' | 'cancelled', message: string): void {
    if (pick.timer) clearTimeout(pick.timer);
    pick.timer = null;
    pick.state = state;
    pick.message = message;
    this.station.registry.picked(pick.udid, null);
    this.picks.publish(pick);
    this.picks.forgetLater(pick);
  }

  private freeSlot(preferred: number | null): number | null {
    const slots = this.station.cart.list().map((s) => s.slotNumber);
    const taken = new Set(this.station.registry.list().filter((d) => d.connected && d.slot !== null).map((d) => d.slot));
    if (preferred !== null && slots.includes(preferred) && !taken.has(preferred)) return preferred;
    return slots.find((s) => !taken.has(s)) ?? null;
  }
}
