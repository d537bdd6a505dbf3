import type Database from 'better-sqlite3';
import { iso, systemClock, type Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import { statementCache, type StatementCache } from '../sql.js';

/**
 * registration: Single User Advanced, the device is registered to its user before staging.
 * staging: Single User Standard, enrolled under the staging account.
 * first-user: the MDM reassigned a Standard device to the first user who signed in.
 */
export type AssignmentKind = 'registration' | 'staging' | 'first-user';

export interface Assignment {
  id: number;
  udid: string | null;
  serial: string | null;
  userId: string;
  kind: AssignmentKind;
  createdAt: string;
  endedAt: string | null;
}

/** A device is named by UDID, serial or both (a registration may precede the device's first plug-in). */
export interface DeviceRef {
  udid?: string | null;
  serial?: string | null;
}

interface AssignmentRecord {
  id: number;
  udid: string | null;
  serial: string | null;
  user_id: string;
  kind: AssignmentKind;
  created_at: string;
  ended_at: string | null;
}

export class AssignmentsRepo {
  private readonly sql: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  /** Ends the device's current assignment (if any) and starts this one, atomically. */
  assign(device: DeviceRef, userId: string, kind: AssignmentKind): Assignment {
    const { udid, serial } = this.resolve(device);
    return this.db.transaction(() => {
      const now = iso(this.clock());
      this.endCurrent({ udid, serial }, now);
      const { lastInsertRowid } = this.sql('INSERT INTO assignments (udid, serial, user_id, kind, created_at) VALUES (?, ?, ?, ?, ?)').run(
        udid,
        serial,
        userId,
        kind,
        now,
      );
      return this.get(Number(lastInsertRowid)) as Assignment;
    })();
  }

  /** The open assignment matching the UDID or the serial. */
  current(device: DeviceRef): Assignment | undefined {
    const { udid, serial } = this.resolve(device);
    const row = this.sql(
      `SELECT * FROM assignments WHERE ended_at IS NULL AND (udid = @udid OR serial = @serial) ORDER BY created_at DESC, id DESC LIMIT 1`,
    ).get({ udid, serial }) as AssignmentRecord | undefined;
    return row && toAssignment(row);
  }

  /** Ends the current assignment; returns whether there was one. */
  end(device: DeviceRef): boolean {
    return this.endCurrent(this.resolve(device), iso(this.clock())) > 0;
  }

  get(id: number): Assignment | undefined {
    const row = this.sql('SELECT * FROM assignments WHERE id = ?').get(id) as AssignmentRecord | undefined;
    return row && toAssignment(row);
  }

  history(device: DeviceRef): Assignment[] {
    const { udid, serial } = this.resolve(device);
    const rows = this.sql('SELECT * FROM assignments WHERE udid = @udid OR serial = @serial ORDER BY created_at, id').all({ udid, serial }) as AssignmentRecord[];
    return rows.map(toAssignment);
  }

  currentForUser(userId: string): Assignment[] {
    const rows = this.sql('SELECT * FROM assignments WHERE user_id = ? AND ended_at IS NULL ORDER BY created_at, id').all(userId) as AssignmentRecord[];
    return rows.map(toAssignment);
  }

  /**
   * Completes a half-known device from the devices table, so an assignment made by serial (from
   * the MDM) and a lookup by UDID (from the cart) meet.
   */
  private resolve(device: DeviceRef): { udid: string | null; serial: string | null } {
    const ref = normalise(device);
    if (ref.udid !== null && ref.serial !== null) return ref;
    const known = (
      ref.udid !== null
        ? this.sql('SELECT udid, serial FROM devices WHERE udid = ?').get(ref.udid)
        : this.sql('SELECT udid, serial FROM devices WHERE serial = ? ORDER BY last_seen DESC LIMIT 1').get(ref.serial)
    ) as { udid: string; serial: string | null } | undefined;
    return { udid: ref.udid ?? known?.udid ?? null, serial: ref.serial ?? known?.serial?.toUpperCase() ?? null };
  }

  private endCurrent(device: { udid: string | null; serial: string | null }, now: string): number {
    return this.sql('UPDATE assignments SET ended_at = @now WHERE ended_at IS NULL AND (udid = @udid OR serial = @serial)').run({ ...device, now }).changes;
  }
}

function normalise(device: DeviceRef): { udid: string | null; serial: string | null } {
  const udid = device.udid?.trim() || null;
  const serial = device.serial?.trim().toUpperCase() || null;
  if (udid === null && serial === null) throw new StoreError('INVALID_INPUT', 'An assignment needs a UDID or a serial');
  return { udid, serial };
}

function toAssignment(r: AssignmentRecord): Assignment {
  return { id: r.id, udid: r.udid, serial: r.serial, userId: r.user_id, kind: r.kind, createdAt: r.created_at, endedAt: r.ended_at };
}
