import type { Store } from '../store/index.js';
import type { AdeFacts, MdmDevice } from './types.js';

export interface MdmDeviceRecord {
  serial: string;
  udid: string | null;
  mdmId: string | null;
  enrollment: MdmDevice['enrollment'] | 'absent';
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

export const normalSerial = (serial: string): string => serial.replace(/\s+/g, '').toUpperCase();

/** The sync loop's cache of what the MDM says about each staged device (migration 0005). */
export class MdmDevicesRepo {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(serial: string): MdmDeviceRecord | undefined {
    const row = this.store.db.prepare('SELECT * FROM mdm_devices WHERE serial = ?').get(normalSerial(serial)) as Row | undefined;
    return row && toRecord(row);
  }

  list(): MdmDeviceRecord[] {
    return (this.store.db.prepare('SELECT * FROM mdm_devices ORDER BY serial').all() as Row[]).map(toRecord);
  }

  /** Records the MDM's answer for a serial (undefined: the MDM does not know the device). */
  recordLookup(serial: string, udid: string | null, device: MdmDevice | undefined): void {
    this.store.db
      .prepare(
        `INSERT INTO mdm_devices (serial, udid, mdm_id, enrollment, enrollment_status, username, user_id, checked_at)
         VALUES (@serial, @udid, @mdmId, @enrollment, @status, @username, @userId, @now)
         ON CONFLICT (serial) DO UPDATE SET udid = COALESCE(excluded.udid, udid), mdm_id = excluded.mdm_id, enrollment = excluded.enrollment,
           enrollment_status = excluded.enrollment_status, username = excluded.username, user_id = excluded.user_id, checked_at = excluded.checked_at`,
      )
      .run({
        serial: normalSerial(serial),
        udid,
        mdmId: device?.id ?? null,
        enrollment: device?.enrollment ?? 'absent',
        status: device?.enrollmentStatus ?? null,
        username: device?.username ?? null,
        userId: device?.userId ?? null,
        now: this.now().toISOString(),
      });
  }

  recordAde(facts: AdeFacts): void {
    const now = this.now().toISOString();
    this.store.db
      .prepare(
        `INSERT INTO mdm_devices (serial, ade_assigned, ade_server, ade_profile, ade_profile_status, checked_at, ade_checked_at)
         VALUES (@serial, @assigned, @server, @profile, @status, @now, @now)
         ON CONFLICT (serial) DO UPDATE SET ade_assigned = excluded.ade_assigned, ade_server = excluded.ade_server, ade_profile = excluded.ade_profile,
           ade_profile_status = excluded.ade_profile_status, ade_checked_at = excluded.ade_checked_at`,
      )
      .run({ serial: normalSerial(facts.serial), assigned: facts.assigned ? 1 : 0, server: facts.server, profile: facts.profileName, status: facts.profileStatus, now });
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
