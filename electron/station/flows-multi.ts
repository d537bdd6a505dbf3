import { randomUUID } from 'node:crypto';
import type { DeviceSummary } from '../api/device.js';
import type { CheckoutView, FlowSettings, PickView, ReturnPolicy } from '../api/flows.js';
import type { KioskDeviceRef, KioskUser } from '../api/kiosk.js';
import { MdmActions } from '../mdm/actions.js';
import type { LostModeNotice, Support } from '../mdm/types.js';
import { checkOutRefusal, displayUser, dueAt, FlowError, judgeDeparture, nothingReadyReason, rankCandidates, readiness } from '../staging/flows/index.js';
import type { User } from '../store/repos/users-repo.js';
import { checkoutView, deviceRef, flowAudit, Serial, stationActor, type Actor } from './flows-common.js';
import { DevicePool } from './flows-pool.js';
import type { ReturnService } from './flows-return.js';
import type { Station } from './station.js';

/** A battery level older than this is not trusted for a device someone took instead. */
const FRESH_BATTERY_MS = 120_000;
/** Devices whose battery is read, best first, before a pick gives up. */
const MAX_READS_PER_PICK = 10;

/** What a lost device's lock screen shows when the station asks the MDM for lost mode. */
const DEFAULT_LOST_NOTICE: LostModeNotice = { message: 'This device is lost. Please return it to the device cart it came from.' };

/** The flows.markLost answer's lostMode part (electron/api/flows.ts). */
export interface LostModeAnswer {
  status: 'queued' | 'not-supported';
  message: string;
}

interface Pick {
  id: string;
  user: User;
  udid: string;
  slot: number | null;
  state: PickView['state'];
  took: { udid: string; slot: number | null } | null;
  message: string | null;
  checkoutId: number | null;
  dueAt: string | null;
  who: Actor;
  timer: NodeJS.Timeout | null;
}

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
  private readonly picks = new Map<string, Pick>();
  private readonly serial = new Serial();
  private readonly actions: MdmActions;

  constructor(
    private readonly station: Station,
    private readonly returns: ReturnService,
    private readonly settings: () => FlowSettings,
  ) {
    this.actions = new MdmActions(station.store);
    this.pool = new DevicePool(station, { isReserved: (u) => this.isReserved(u), isRestaging: (u) => returns.isRestaging(u) });
  }

  isReserved(udid: string): boolean {
    return [...this.picks.values()].some((p) => p.udid === udid && isOpen(p));
  }

  /** Devices the person holds, and picks they have not collected yet. */
  holding(userId: string): number {
    return this.station.store.checkouts.activeForUser(userId).length + [...this.picks.values()].filter((p) => p.user.id === userId && isOpen(p)).length;
  }

  heldBy(userId: string): KioskDeviceRef[] {
    return this.station.store.checkouts.activeForUser(userId).map((c) => deviceRef(this.station, c.udid, c.slotNumber));
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
        const checkoutId = this.record(udid, user, slot, due, options.who, { via: 'handed-over' });
        return { user: displayUser(user), device: deviceRef(this.station, udid, slot), pick: null, checkoutId, dueAt: due };
      }
      const pick: Pick = { id: randomUUID(), user, udid, slot, state: 'waiting', took: null, message: null, checkoutId: null, dueAt: due, who: options.who, timer: null };
      pick.timer = setTimeout(() => this.expire(pick), settings.pickupTimeoutSeconds * 1000);
      pick.timer.unref();
      this.picks.set(pick.id, pick);
      this.station.registry.update(udid, { stateDetail: `Picked for ${user.name}: take it from slot ${slot ?? '?'}` });
      flowAudit(this.station, 'flow.checkout.picked', udid, { pickId: pick.id, userId: user.id, slot }, options.who);
      return { user: displayUser(user), device: deviceRef(this.station, udid, slot), pick: this.view(pick), checkoutId: null, dueAt: due };
    });
  }

  pick(pickId: string): PickView {
    const pick = this.picks.get(pickId);
    if (!pick) throw new FlowError('NOT_FOUND', 'That check-out is no longer waiting.', 'Scan your badge again.');
    return this.view(pick);
  }

  /** Resolves once the pick is settled (taken, swapped, lapsed) or `timeoutMs` passes. */
  async settled(pickId: string, timeoutMs: number, onChange?: (p: PickView) => void): Promise<PickView> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const view = this.pick(pickId);
      const key = `${view.state}:${view.message ?? ''}`;
      if (key !== last) onChange?.(view);
      last = key;
      if (view.state !== 'waiting' && view.state !== 'wrong-device') return view;
      if (Date.now() > deadline) {
        this.cancel(pickId, 'timed out');
        return this.pick(pickId);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
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
    const closed = this.closeCheckout(udid, slot, who, 'station');
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
    this.markOverdue();
    return this.station.store.checkouts.active(states).map((c) => checkoutView(this.station, c));
  }

  markOverdue(): void {
    for (const c of this.station.store.checkouts.markOverdue()) {
      flowAudit(this.station, 'flow.overdue', c.udid, { checkoutId: c.id, userId: c.userId, dueAt: c.dueAt });
      const name = this.station.store.users.get(c.userId)?.name ?? c.userId;
      this.station.emit({ type: 'notice', level: 'warning', message: `${this.station.store.devices.get(c.udid)?.name ?? c.udid} is overdue (with ${name} since ${c.checkedOutAt}).` });
    }
  }

  /** A device left the cart; `before` is how the station saw it just before. */
  onDetach(udid: string, before: DeviceSummary | undefined): void {
    const slot = before?.slot ?? null;
    const open = [...this.picks.values()].filter(isOpen);
    const own = open.find((p) => p.udid === udid);
    if (own) {
      this.take(own, 'taken', null);
      return;
    }
    if (this.station.store.checkouts.activeForDevice(udid)) {
      this.markAway(udid);
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
      this.station.registry.update(picked, { stateDetail: null });
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
    }
  }

  /** A device arrived: a put-back device clears its pick's warning; a checked-out device is checked in. */
  onAttach(udid: string): void {
    for (const p of this.picks.values()) {
      if (p.state === 'wrong-device' && p.took?.udid === udid) {
        flowAudit(this.station, 'flow.checkout.put-back', udid, { pickId: p.id }, p.who);
        p.state = 'waiting';
        p.took = null;
        p.message = `Thank you. Now take the device from slot ${p.slot ?? '?'}.`;
      }
    }
    if (!this.station.store.checkouts.activeForDevice(udid)) return;
    const slot = this.station.registry.get(udid)?.slot ?? null;
    this.closeCheckout(udid, slot, stationActor(this.station), 'cart');
    const policy = this.settings().returnPolicy;
    void this.returns.apply(udid, policy).catch((e: unknown) => this.station.emit({ type: 'notice', level: 'warning', message: `Return policy "${policy}" failed: ${(e as Error).message}` }));
  }

  /**
   * Marks the check-out lost and, where the MDM has lost mode, queues it in the same transaction
   * (the outbox delivers it once the MDM answers). Where it has none, the answer says so in the
   * connector's own sentence; the device is marked lost here either way.
   */
  markLost(udid: string, notice: LostModeNotice = DEFAULT_LOST_NOTICE): { checkout: CheckoutView; lostMode: LostModeAnswer } {
    const support = this.lostModeSupport();
    const marked = this.actions.markLost({ udid, notice: support.supported ? notice : null });
    if (!marked) throw new FlowError('NOT_FOUND', `Device ${udid} is not checked out, so it cannot be lost.`, 'See what is out with cartwright checkouts.');
    if (marked.lostMode) this.station.outbox?.wake();
    const lostMode: LostModeAnswer = marked.lostMode
      ? { status: 'queued', message: `Lost mode is queued for the MDM: the device locks and shows "${notice.message}" once it reaches the MDM.` }
      : { status: 'not-supported', message: `NOT_SUPPORTED: ${support.supported ? 'the station knows no serial number for this device, so the MDM cannot be asked for lost mode; turn it on in the MDM console.' : support.reason}` };
    flowAudit(this.station, 'flow.lost', udid, { checkoutId: marked.checkout.id, userId: marked.checkout.userId, lostMode: lostMode.status });
    return { checkout: checkoutView(this.station, marked.checkout), lostMode };
  }

  close(): void {
    for (const p of this.picks.values()) if (p.timer) clearTimeout(p.timer);
  }

  private lostModeSupport(): Support {
    try {
      return this.station.mdm().lostModeSupport();
    } catch (e) {
      // e.g. credentials sealed with a passphrase this process was not given: nothing can be sent.
      return { supported: false, reason: `the MDM connector cannot be opened (${(e as Error).message}), so lost mode was not requested; turn it on in the MDM console.` };
    }
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

  private take(pick: Pick, state: 'taken' | 'swapped', message: string | null): void {
    if (pick.timer) clearTimeout(pick.timer);
    pick.timer = null;
    if (pick.took && pick.took.udid !== pick.udid) {
      // Still out from a wrong pick that was never put back.
      flowAudit(this.station, 'flow.removed-without-checkout', pick.took.udid, { slot: pick.took.slot, pickId: pick.id });
    }
    try {
      pick.checkoutId = this.record(pick.udid, pick.user, pick.slot, pick.dueAt, pick.who, { via: state, pickId: pick.id });
      pick.state = state;
      pick.took = state === 'swapped' ? { udid: pick.udid, slot: pick.slot } : null;
      pick.message = message;
    } catch (e) {
      pick.state = 'cancelled';
      pick.message = `The check-out could not be recorded: ${(e as Error).message}`;
      this.station.emit({ type: 'notice', level: 'error', message: pick.message });
    }
    this.forgetLater(pick);
  }

  private record(udid: string, user: User, slot: number | null, due: string | null, who: Actor, details: Record<string, unknown>): number {
    const { checkout } = this.actions.checkOut({ udid, userId: user.id, slotNumber: slot, dueAt: due ? new Date(due) : null });
    this.station.outbox?.wake();
    flowAudit(this.station, 'flow.checkout', udid, { checkoutId: checkout.id, userId: user.id, slot, dueAt: due, ...details }, who);
    this.station.registry.update(udid, { holder: user.name, stateDetail: null });
    if (!this.station.layer.watcher.isAttached(udid)) this.markAway(udid);
    return checkout.id;
  }

  private markAway(udid: string): void {
    const c = this.station.store.checkouts.activeForDevice(udid);
    const name = c ? (this.station.store.users.get(c.userId)?.name ?? c.userId) : null;
    this.station.registry.update(udid, { state: 'checked-out', holder: name, stateDetail: c?.dueAt ? `Due ${c.dueAt}` : null });
  }

  private closeCheckout(udid: string, returnSlot: number | null, who: Actor, via: 'cart' | 'station'): CheckoutView | undefined {
    const closed = this.actions.checkIn({ udid, returnSlotNumber: returnSlot });
    if (!closed) return undefined;
    this.station.outbox?.wake();
    const wasLost = this.station.store.audit.query({ udid, action: 'flow.lost', limit: 1 })[0];
    flowAudit(
      this.station,
      'flow.checkin',
      udid,
      { checkoutId: closed.checkout.id, userId: closed.checkout.userId, returnSlot, via, ...(wasLost && wasLost.at >= closed.checkout.checkedOutAt ? { wasLost: true } : {}), ...(closed.lostModeOff ? { lostModeOff: true } : {}) },
      who,
    );
    this.station.registry.update(udid, { holder: null, ...(this.station.layer.watcher.isAttached(udid) ? {} : { state: 'idle' as const, stateDetail: 'Checked in' }) });
    return checkoutView(this.station, closed.checkout);
  }

  private expire(pick: Pick): void {
    if (!isOpen(pick)) return;
    this.settle(pick, 'expired', 'Nobody took the device in time; scan your badge again.');
    flowAudit(this.station, 'flow.checkout.expired', pick.udid, { pickId: pick.id, userId: pick.user.id }, pick.who);
  }

  private settle(pick: Pick, state: 'expired' | 'cancelled', message: string): void {
    if (pick.timer) clearTimeout(pick.timer);
    pick.timer = null;
    pick.state = state;
    pick.message = message;
    this.station.registry.update(pick.udid, { stateDetail: null });
    this.forgetLater(pick);
  }

  /** A settled pick stays readable a while (the kiosk polls it), then goes. */
  private forgetLater(pick: Pick): void {
    setTimeout(() => this.picks.delete(pick.id), 10 * 60_000).unref();
  }

  private freeSlot(preferred: number | null): number | null {
    const slots = this.station.cart.list().map((s) => s.slotNumber);
    const taken = new Set(this.station.registry.list().filter((d) => d.connected && d.slot !== null).map((d) => d.slot));
    if (preferred !== null && slots.includes(preferred) && !taken.has(preferred)) return preferred;
    return slots.find((s) => !taken.has(s)) ?? null;
  }

  private view(p: Pick): PickView {
    return {
      pickId: p.id,
      state: p.state,
      user: displayUser(p.user),
      device: deviceRef(this.station, p.udid, p.slot),
      took: p.took ? deviceRef(this.station, p.took.udid, p.took.slot) : null,
      message: p.message,
      checkoutId: p.checkoutId,
      dueAt: p.dueAt,
    };
  }
}

function isOpen(p: Pick): boolean {
  return p.state === 'waiting' || p.state === 'wrong-device';
}
