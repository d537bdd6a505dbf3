import type Database from 'better-sqlite3';
import { iso, systemClock, type Clock } from '../clock.js';
import { statementCache, type StatementCache } from '../sql.js';

export type MdmEnrollment = 'enrolled' | 'pending' | 'unenrolled' | 'unknown';

/** What the MDM last said about one staged device, cached by the sync loop (migration 0005). */
export interface MdmDeviceRecord {
  serial: string;
  udid: string | null;
  mdmId: string | null;
  enrollment: MdmEnrollment | 'absent';
  enrollmentStatus: string | null;
  username: string | null;
  userId: string | null;
  adeAssigned: boolean | null;
  adeServer: string | null;
  adeProfile: string | null;
  adeProfileStatus: string | null;
  checkedAt: string;
  adeCheckedAt: string | null;
}

/**
 * The parts of an MDM's device answer the cache keeps. Declared here (structurally the same as
 * mdm/types.ts MdmDevice) so the store does not import from the mdm layer above it.
 */
export interface MdmLookupAnswer {
  id: string;
  enrollment: MdmEnrollment;
  enrollmentStatus: string | null;
  username: string | null;
  userId: string | null;
}

/** The ADE facts the cache keeps (structurally mdm/types.ts AdeFacts). */
export interface MdmAdeAnswer {
  serial: string;
  assigned: boolean;
  server: string | null;
  profileName: string | null;
  profileStatus: string | null;
}

interface Row {
  serial: string;
  udid: string | null;
  mdm_id: string | null;
  enrollment: MdmDeviceRecord['enrollment'];
  enrollment_status: string | null;
  username: string | null;
  user_id: string | null;
  ade_assigned: number | null;
  ade_server: string | null;
  ade_profile: string | null;
  ade_profile_status: string | null;
  checked_at: string;
  ade_checked_at: string | null;
}

/** Serials are compared without spaces and in upper case, the way Apple prints them. */
export const normalSerial = (serial: string): string => serial.replace(/\s+/g, '').toUpperCase();

export class MdmDevicesRepo {
  private readonly sql: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  /** The same table seen through another clock (the sync loop stamps its own pass time). */
  withClock(clock: Clock): MdmDevicesRepo {
    return new MdmDevicesRepo(this.db, clock);
  }

  get(serial: string): MdmDeviceRecord | undefined {
    const row = this.sql('SELECT * FROM mdm_devices WHERE serial = ?').get(normalSerial(serial)) as Row | undefined;
    return row && toRecord(row);
  }

  list(): MdmDeviceRecord[] {
    return (this.sql('SELECT * FROM mdm_devices ORDER BY serial').all() as Row[]).map(toRecord);
  }

  /** Records the MDM's answer for a serial (undefined: the MDM does not know the device). */
  recordLookup(serial: string, udid: string | null, device: MdmLookupAnswer | undefined): void {
    this.sql(
      `INSERT INTO mdm_devices (serial, udid, mdm_id, enrollment, enrollment_status, username, user_id, checked_at)
       VALUES (@serial, @udid, @mdmId, @enrollment, @status, @username, @userId, @now)
       ON CONFLICT (serial) DO UPDATE SET udid = COALESCE(excluded.udid, udid), mdm_id = excluded.mdm_id, enrollment = excluded.enrollment,
         enrollment_status = excluded.enrollment_status, username = excluded.username, user_id = excluded.user_id, checked_at = excluded.checked_at`,
    ).run({
      serial: normalSerial(serial),
      udid,
      mdmId: device?.id ?? null,
      enrollment: device?.enrollment ?? 'absent',
      status: device?.enrollmentStatus ?? null,
      username: device?.username ?? null,
      userId: device?.userId ?? null,
      now: iso(this.clock()),
    });
  }

  recordAde(facts: MdmAdeAnswer): void {
    this.sql(
      `INSERT INTO mdm_devices (serial, ade_assigned, ade_server, ade_profile, ade_profile_status, checked_at, ade_checked_at)
       VALUES (@serial, @assigned, @server, @profile, @status, @now, @now)
       ON CONFLICT (serial) DO UPDATE SET ade_assigned = excluded.ade_assigned, ade_server = excluded.ade_server, ade_profile = excluded.ade_profile,
         ade_profile_status = excluded.ade_profile_status, ade_checked_at = excluded.ade_checked_at`,
    ).run({
      serial: normalSerial(facts.serial),
      assigned: facts.assigned ? 1 : 0,
      server: facts.server,
      profile: facts.profileName,
      status: facts.profileStatus,
      now: iso(this.clock()),
    });
  }
}

function toRecord(r: Row): MdmDeviceRecord {
  return {
    serial: r.serial,
    udid: r.udid,
    mdmId: r.mdm_id,
    enrollment: r.enrollment,
    enrollmentStatus: r.enrollment_status,
    username: r.username,
    userId: r.user_id,
    adeAssigned: r.ade_assigned === null ? null : r.ade_assigned === 1,
    adeServer: r.ade_server,
    adeProfile: r.ade_profile,
    adeProfileStatus: r.ade_profile_status,
    checkedAt: r.checked_at,
    adeCheckedAt: r.ade_checked_at,
  };
}
