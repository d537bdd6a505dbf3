import type Database from 'better-sqlite3';
import { iso, systemClock, type Clock } from '../clock.js';
import { StoreError, isUniqueViolation } from '../errors.js';
import { statementCache, type StatementCache } from '../sql.js';

/** open, overdue and lost all mean "away from the cart"; only returned closes a check-out. */
export type CheckoutState = 'open' | 'returned' | 'overdue' | 'lost';

export interface Checkout {
  id: number;
  udid: string;
  userId: string;
  slotNumber: number | null;
  returnSlotNumber: number | null;
  checkedOutAt: string;
  dueAt: string | null;
  checkedInAt: string | null;
  state: CheckoutState;
}

export interface NewCheckout {
  udid: string;
  userId: string;
  slotNumber?: number | null;
  dueAt?: Date | null;
}

interface CheckoutRecord {
  id: number;
  udid: string;
  user_id: string;
  slot_number: number | null;
  return_slot_number: number | null;
  checked_out_at: string;
  due_at: string | null;
  checked_in_at: string | null;
  state: CheckoutState;
}

const ACTIVE = `state <> 'returned'`;

export class CheckoutsRepo {
  private readonly sql: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  /** Refused with CONFLICT when the device is already out (the schema allows one active check-out per device). */
  checkOut(checkout: NewCheckout): Checkout {
    try {
      const { lastInsertRowid } = this.sql(
        'INSERT INTO checkouts (udid, user_id, slot_number, checked_out_at, due_at) VALUES (?, ?, ?, ?, ?)',
      ).run(checkout.udid, checkout.userId, checkout.slotNumber ?? null, iso(this.clock()), checkout.dueAt ? iso(checkout.dueAt) : null);
      return this.get(Number(lastInsertRowid)) as Checkout;
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreError('CONFLICT', `Device ${checkout.udid} is already checked out`);
      throw error;
    }
  }

  /** Closes the device's active check-out (open, overdue or lost); undefined when it was not out. */
  checkIn(udid: string, returnSlotNumber: number | null = null): Checkout | undefined {
    return this.db.transaction(() => {
      const active = this.activeForDevice(udid);
      if (!active) return undefined;
      this.sql(`UPDATE checkouts SET state = 'returned', checked_in_at = ?, return_slot_number = ? WHERE id = ?`).run(iso(this.clock()), returnSlotNumber, active.id);
      return this.get(active.id);
    })();
  }

  /** Flags open check-outs past their due time; returns the ones that just became overdue. */
  markOverdue(): Checkout[] {
    return this.db.transaction(() => {
      const now = iso(this.clock());
      const due = this.sql(`SELECT * FROM checkouts WHERE state = 'open' AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at`).all(now) as CheckoutRecord[];
      const mark = this.sql(`UPDATE checkouts SET state = 'overdue' WHERE id = ?`);
      for (const row of due) mark.run(row.id);
      return due.map((row) => toCheckout({ ...row, state: 'overdue' }));
    })();
  }

  markLost(id: number): Checkout {
    const changed = this.sql(`UPDATE checkouts SET state = 'lost' WHERE id = ? AND state IN ('open', 'overdue')`).run(id).changes;
    const checkout = this.get(id);
    if (!checkout) throw new StoreError('NOT_FOUND', `No check-out ${id}`);
    if (changed === 0 && checkout.state !== 'lost') throw new StoreError('INVALID_TRANSITION', `Check-out ${id} is ${checkout.state}; only an open or overdue check-out can be marked lost`);
    return checkout;
  }

  get(id: number): Checkout | undefined {
    const row = this.sql('SELECT * FROM checkouts WHERE id = ?').get(id) as CheckoutRecord | undefined;
    return row && toCheckout(row);
  }

  activeForDevice(udid: string): Checkout | undefined {
    const row = this.sql(`SELECT * FROM checkouts WHERE udid = ? AND ${ACTIVE}`).get(udid) as CheckoutRecord | undefined;
    return row && toCheckout(row);
  }

  /** For per-user limits ("one device at a time"). */
  activeForUser(userId: string): Checkout[] {
    return (this.sql(`SELECT * FROM checkouts WHERE user_id = ? AND ${ACTIVE} ORDER BY checked_out_at`).all(userId) as CheckoutRecord[]).map(toCheckout);
  }

  /** Every device away from the cart, oldest first. */
  active(states: readonly Exclude<CheckoutState, 'returned'>[] = ['open', 'overdue', 'lost']): Checkout[] {
    const rows = this.sql(`SELECT * FROM checkouts WHERE ${ACTIVE} ORDER BY checked_out_at, id`).all() as CheckoutRecord[];
    return rows.map(toCheckout).filter((c) => (states as readonly string[]).includes(c.state));
  }

  history(udid: string, limit = 50): Checkout[] {
    return (this.sql('SELECT * FROM checkouts WHERE udid = ? ORDER BY checked_out_at DESC, id DESC LIMIT ?').all(udid, limit) as CheckoutRecord[]).map(toCheckout);
  }
}

function toCheckout(r: CheckoutRecord): Checkout {
  return {
    id: r.id,
    udid: r.udid,
    userId: r.user_id,
    slotNumber: r.slot_number,
    returnSlotNumber: r.return_slot_number,
    checkedOutAt: r.checked_out_at,
    dueAt: r.due_at,
    checkedInAt: r.checked_in_at,
    state: r.state,
  };
}
