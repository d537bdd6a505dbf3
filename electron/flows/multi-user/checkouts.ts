import type { CheckoutView } from '../../api/flows.js';
import type { KioskDeviceRef } from '../../api/kiosk.js';
import { MdmActions } from '../../mdm/actions.js';
import type { LostModeNotice, Support } from '../../mdm/types.js';
import { FlowError } from '../index.js';
import type { User } from '../../store/repos/users-repo.js';
import { checkoutView, deviceRef, flowAudit, type Actor } from '../common.js';
import type { StationParts } from '../parts.js';

/** What a lost device's lock screen shows when the station asks the MDM for lost mode. */
const DEFAULT_LOST_NOTICE: LostModeNotice = { message: 'This device is lost. Please return it to the device cart it came from.' };

/** The flows.markLost answer's lostMode part (electron/api/flows.ts). */
export interface LostModeAnswer {
  status: 'queued' | 'not-supported';
  message: string;
}

export type CheckoutParts = Pick<StationParts, 'config' | 'store' | 'registry' | 'layer' | 'emit' | 'wakeOutbox' | 'mdm' | 'requestAudit'>;

/**
 * The Multi User check-out records: who holds what, overdue and lost devices, and check-ins.
 * Each change is recorded locally and queued for the MDM in one transaction (MdmActions), so the
 * MDM being down stops nothing; the outbox is woken to deliver it.
 */
export class CheckoutBook {
  private readonly actions: MdmActions;

  constructor(private readonly station: CheckoutParts) {
    this.actions = new MdmActions(station.store);
  }

  heldBy(userId: string): KioskDeviceRef[] {
    return this.station.store.checkouts.activeForUser(userId).map((c) => deviceRef(this.station, c.udid, c.slotNumber));
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

  /** Records the check-out (throws when it cannot be recorded); returns its id. */
  record(udid: string, user: User, slot: number | null, due: string | null, who: Actor, details: Record<string, unknown>): number {
    const { checkout } = this.actions.checkOut({ udid, userId: user.id, slotNumber: slot, dueAt: due ? new Date(due) : null });
    this.station.wakeOutbox();
    flowAudit(this.station, 'flow.checkout', udid, { checkoutId: checkout.id, userId: user.id, slot, dueAt: due, ...details }, who);
    this.station.registry.update(udid, { holder: user.name });
    this.station.registry.picked(udid, null);
    if (!this.station.layer.watcher.isAttached(udid)) this.markAway(udid);
    return checkout.id;
  }

  markAway(udid: string): void {
    const c = this.station.store.checkouts.activeForDevice(udid);
    const name = c ? (this.station.store.users.get(c.userId)?.name ?? c.userId) : null;
    this.station.registry.checkedOut(udid, name, c?.dueAt ?? null);
  }

  /** Closes the device's check-out; undefined when it was not checked out. */
  close(udid: string, returnSlot: number | null, who: Actor, via: 'cart' | 'station'): CheckoutView | undefined {
    const closed = this.actions.checkIn({ udid, returnSlotNumber: returnSlot });
    if (!closed) return undefined;
    this.station.wakeOutbox();
    const wasLost = this.station.store.audit.query({ udid, action: 'flow.lost', limit: 1 })[0];
    flowAudit(
      this.station,
      'flow.checkin',
      udid,
      { checkoutId: closed.checkout.id, userId: closed.checkout.userId, returnSlot, via, ...(wasLost && wasLost.at >= closed.checkout.checkedOutAt ? { wasLost: true } : {}), ...(closed.lostModeOff ? { lostModeOff: true } : {}) },
      who,
    );
    this.station.registry.checkedIn(udid);
    return checkoutView(this.station, closed.checkout);
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
    if (marked.lostMode) this.station.wakeOutbox();
    const lostMode: LostModeAnswer = marked.lostMode
      ? { status: 'queued', message: `Lost mode is queued for the MDM: the device locks and shows "${notice.message}" once it reaches the MDM.` }
      : { status: 'not-supported', message: `NOT_SUPPORTED: ${support.supported ? 'the station knows no serial number for this device, so the MDM cannot be asked for lost mode; turn it on in the MDM console.' : support.reason}` };
    flowAudit(this.station, 'flow.lost', udid, { checkoutId: marked.checkout.id, userId: marked.checkout.userId, lostMode: lostMode.status });
    return { checkout: checkoutView(this.station, marked.checkout), lostMode };
  }

  private lostModeSupport(): Support {
    try {
      return this.station.mdm().lostModeSupport();
    } catch (e) {
      // e.g. credentials sealed with a passphrase this process was not given: nothing can be sent.
      return { supported: false, reason: `the MDM connector cannot be opened (${(e as Error).message}), so lost mode was not requested; turn it on in the MDM console.` };
    }
  }
}
