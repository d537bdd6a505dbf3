import type Database from 'better-sqlite3';
import { iso, systemClock, type Clock } from '../clock.js';
import { fromBit, statementCache, toBit, transactions, type StatementCache, type Transactions } from '../sql.js';
import type { Device, DeviceUpdate, EnrollmentType, Facts } from './device-record.js';
import { changedColumns, mergeReported, onlyReported, readReported, ReportedMemo, writeReported } from './reported-facts.js';

export type { Device, DeviceUpdate, EnrollmentType } from './device-record.js';

interface DeviceRecord {
  udid: string;
  serial: string | null;
  imei: string | null;
  imei2: string | null;
  enrollment_id: string | null;
  product_type: string | null;
  model_name: string | null;
  product_version: string | null;
  build_version: string | null;
  name: string | null;
  device_class: string | null;
  activation_state: string | null;
  paired: number | null;
  supervised: number | null;
  organization_name: string | null;
  enrollment_type: EnrollmentType;
  passcode_present: number | null;
  battery_level: number | null;
  battery_charging: number | null;
  first_seen: string;
  last_seen: string;
  connected: number;
  location_id: number | null;
  usb_path: string | null;
  slot_id: number | null;
  slot_number: number | null;
  slot_label: string | null;
  last_job_state: string | null;
}

const SELECT = `SELECT d.*, s.slot_number AS slot_number, s.label AS slot_label
  FROM devices d LEFT JOIN slots s ON s.id = d.slot_id`;

const UPSERT = `INSERT INTO devices (
    udid, serial, imei, imei2, enrollment_id, product_type, model_name, product_version, build_version, name,
    device_class, activation_state, paired, supervised, organization_name, enrollment_type, passcode_present,
    battery_level, battery_charging, first_seen, last_seen, connected, location_id, usb_path, slot_id, last_job_state)
  VALUES (
    @udid, @serial, @imei, @imei2, @enrollment_id, @product_type, @model_name, @product_version, @build_version, @name,
    @device_class, @activation_state, @paired, @supervised, @organization_name, @enrollment_type, @passcode_present,
    @battery_level, @battery_charging, @now, @now, @connected, @location_id, @usb_path, @slot_id, @last_job_state)
  ON CONFLICT (udid) DO UPDATE SET
    serial = excluded.serial, imei = excluded.imei, imei2 = excluded.imei2, enrollment_id = excluded.enrollment_id,
    product_type = excluded.product_type, model_name = excluded.model_name, product_version = excluded.product_version,
    build_version = excluded.build_version, name = excluded.name, device_class = excluded.device_class,
    activation_state = excluded.activation_state, paired = excluded.paired, supervised = excluded.supervised,
    organization_name = excluded.organization_name, enrollment_type = excluded.enrollment_type,
    passcode_present = excluded.passcode_present, battery_level = excluded.battery_level,
    battery_charging = excluded.battery_charging, last_seen = excluded.last_seen, connected = excluded.connected,
    location_id = excluded.location_id, usb_path = excluded.usb_path, slot_id = excluded.slot_id,
    last_job_state = excluded.last_job_state`;

const EMPTY_FACTS: Facts = {
  serial: null, imei: null, imei2: null, enrollmentId: null, productType: null, modelName: null, productVersion: null,
  buildVersion: null, name: null, deviceClass: null, activationState: null, paired: null, supervised: null,
  organizationName: null, enrollmentType: 'device', passcodePresent: null, batteryLevel: null, batteryCharging: null,
  connected: false, locationId: null, usbPath: null, slotId: null, lastJobState: null,
};

export interface DevicePort {
  locationId: number | null;
  usbPath: string | null;
  slotId: number | null;
}

export class DevicesRepo {
  private readonly sql: StatementCache;
  private readonly tx: Transactions;
  private readonly reported: ReportedMemo;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
    this.tx = transactions(db);
    this.reported = new ReportedMemo(db);
  }

  /** Merges a snapshot into the stored record (creating it on first sight) and returns the result. */
  upsert(snapshot: DeviceUpdate): Device {
    this.reported.forget(snapshot.udid);
    return this.tx(() => {
      this.write(snapshot, mergedFacts(this.get(snapshot.udid), snapshot));
      return this.require(snapshot.udid);
    });
  }

  /**
   * As upsert, but leaves the row alone when the snapshot changes none of its facts and last_seen
   * is younger than `lastSeenRefreshMs`: a staging job reports a device's facts several times, and
   * last_seen (which record of a serial is the newest) needs no finer grain than that; attach and
   * detach stamp it anyway. True when it wrote.
   *
   * A job reports a device's facts at every step: the report is compared with the facts this repo
   * last wrote or read (ReportedMemo, read from the row on first use), so an unchanged report costs
   * no statement and a changed one a single UPDATE of the columns that changed.
   */
  upsertIfChanged(snapshot: DeviceUpdate, lastSeenRefreshMs: number): boolean {
    if (!onlyReported(snapshot)) return this.upsertIfChangedByRead(snapshot, lastSeenRefreshMs);
    const known = this.reported.get(snapshot.udid) ?? readReported(this.sql, snapshot.udid);
    if (!known) return this.upsertIfChangedByRead(snapshot, lastSeenRefreshMs);
    const merged = mergeReported(known.facts, snapshot);
    const mask = changedColumns(known.facts, merged);
    const now = this.clock();
    if (mask === 0 && now.getTime() - known.lastSeenMs < lastSeenRefreshMs) {
      this.reported.remember(snapshot.udid, known);
      return false;
    }
    if (!writeReported(this.sql, snapshot.udid, merged, mask, iso(now))) {
      this.reported.forget(snapshot.udid);
      return this.upsertIfChangedByRead(snapshot, lastSeenRefreshMs);
    }
    this.reported.remember(snapshot.udid, { facts: merged, lastSeenMs: now.getTime() });
    return true;
  }

  /** The general case (connection or job columns in the snapshot, or a device seen for the first time). */
  private upsertIfChangedByRead(snapshot: DeviceUpdate, lastSeenRefreshMs: number): boolean {
    this.reported.forget(snapshot.udid);
    return this.tx(() => {
      const known = this.get(snapshot.udid);
      const merged = mergedFacts(known, snapshot);
      if (known && sameFacts(factsOf(known), merged) && this.clock().getTime() - Date.parse(known.lastSeen) < lastSeenRefreshMs) return false;
      this.write(snapshot, merged);
      return true;
    });
  }

  get(udid: string): Device | undefined {
    const row = this.sql(`${SELECT} WHERE d.udid = ?`).get(udid) as DeviceRecord | undefined;
    return row && toDevice(row);
  }

  getBySerial(serial: string): Device | undefined {
    const row = this.sql(`${SELECT} WHERE d.serial = ? ORDER BY d.last_seen DESC LIMIT 1`).get(serial) as DeviceRecord | undefined;
    return row && toDevice(row);
  }

  getByEnrollmentId(enrollmentId: string): Device | undefined {
    const row = this.sql(`${SELECT} WHERE d.enrollment_id = ?`).get(enrollmentId) as DeviceRecord | undefined;
    return row && toDevice(row);
  }

  /** Devices ordered by slot (uncalibrated ports last), then by UDID, as a cart is read. */
  list(filter: { connected?: boolean } = {}): Device[] {
    const where = filter.connected === undefined ? '' : `WHERE d.connected = ${filter.connected ? 1 : 0}`;
    const rows = this.sql(`${SELECT} ${where} ORDER BY s.slot_number IS NULL, s.slot_number, d.udid`).all() as DeviceRecord[];
    return rows.map(toDevice);
  }

  markConnected(udid: string, port: DevicePort): void {
    this.sql(
      `UPDATE devices SET connected = 1, last_seen = @now, location_id = @locationId, usb_path = @usbPath, slot_id = @slotId WHERE udid = @udid`,
    ).run({ udid, now: iso(this.clock()), ...port });
  }

  /** The slot is forgotten with the port: an unplugged device is in no slot. */
  markDisconnected(udid: string): void {
    this.sql(`UPDATE devices SET connected = 0, last_seen = @now, location_id = NULL, usb_path = NULL, slot_id = NULL WHERE udid = @udid`).run({
      udid,
      now: iso(this.clock()),
    });
  }

  /** At start-up nothing is known to be connected until the watcher reports it again. */
  markAllDisconnected(): number {
    return this.sql('UPDATE devices SET connected = 0, location_id = NULL, usb_path = NULL, slot_id = NULL WHERE connected = 1').run().changes;
  }

  setLastJobState(udid: string, state: string | null): void {
    this.sql('UPDATE devices SET last_job_state = ? WHERE udid = ?').run(state, udid);
  }

  /**
   * Forgets a device entirely (its jobs, assignments and check-outs go with it through ON DELETE
   * CASCADE). Used when a User Enrollment device is unenrolled: the station must keep nothing.
   */
  delete(udid: string): boolean {
    this.reported.forget(udid);
    return this.sql('DELETE FROM devices WHERE udid = ?').run(udid).changes > 0;
  }

  private write(snapshot: DeviceUpdate, merged: Facts): void {
    this.sql(UPSERT).run({ ...toRecordParams(merged), udid: snapshot.udid, now: iso(this.clock()) });
  }

  private require(udid: string): Device {
    const device = this.get(udid);
    if (!device) throw new Error(`device ${udid} vanished inside its own transaction`);
    return device;
  }
}

function mergedFacts(known: Device | undefined, snapshot: DeviceUpdate): Facts {
  const merged: Facts = { ...EMPTY_FACTS, ...(known ? factsOf(known) : {}), ...definedOnly(snapshot) };
  if (merged.enrollmentType === 'user') {
    // BYOD privacy: whatever a snapshot carried, a User Enrollment device keeps no hardware ids.
    merged.serial = null;
    merged.imei = null;
    merged.imei2 = null;
  }
  return merged;
}

/** Facts are scalars, so field-by-field identity is equality. */
function sameFacts(a: Facts, b: Facts): boolean {
  return (Object.keys(b) as (keyof Facts)[]).every((k) => a[k] === b[k]);
}

function definedOnly(snapshot: DeviceUpdate): Partial<Facts> {
  const { udid: _udid, ...facts } = snapshot;
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as Partial<Facts>;
}

function factsOf(device: Device): Facts {
  const { udid: _u, firstSeen: _f, lastSeen: _l, slotNumber: _n, slotLabel: _s, ...facts } = device;
  return facts;
}

function toRecordParams(f: Facts): Record<string, unknown> {
  return {
    serial: f.serial, imei: f.imei, imei2: f.imei2, enrollment_id: f.enrollmentId, product_type: f.productType,
    model_name: f.modelName, product_version: f.productVersion, build_version: f.buildVersion, name: f.name,
    device_class: f.deviceClass, activation_state: f.activationState, paired: toBit(f.paired), supervised: toBit(f.supervised),
    organization_name: f.organizationName, enrollment_type: f.enrollmentType, passcode_present: toBit(f.passcodePresent),
    battery_level: f.batteryLevel, battery_charging: toBit(f.batteryCharging), connected: f.connected ? 1 : 0,
    location_id: f.locationId, usb_path: f.usbPath, slot_id: f.slotId, last_job_state: f.lastJobState,
  };
}

function toDevice(r: DeviceRecord): Device {
  return {
    udid: r.udid, serial: r.serial, imei: r.imei, imei2: r.imei2, enrollmentId: r.enrollment_id, productType: r.product_type,
    modelName: r.model_name, productVersion: r.product_version, buildVersion: r.build_version, name: r.name,
    deviceClass: r.device_class, activationState: r.activation_state, paired: fromBit(r.paired), supervised: fromBit(r.supervised),
    organizationName: r.organization_name, enrollmentType: r.enrollment_type, passcodePresent: fromBit(r.passcode_present),
    batteryLevel: r.battery_level, batteryCharging: fromBit(r.battery_charging), firstSeen: r.first_seen, lastSeen: r.last_seen,
    connected: r.connected === 1, locationId: r.location_id, usbPath: r.usb_path, slotId: r.slot_id, slotNumber: r.slot_number,
    slotLabel: r.slot_label, lastJobState: r.last_job_state,
  };
}
