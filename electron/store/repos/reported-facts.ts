import type Database from 'better-sqlite3';
import { fromBit, toBit, type StatementCache } from '../sql.js';
import type { DeviceUpdate } from './device-record.js';

/**
 * What a paired device reports about itself (identity, state, battery): the devices-table columns
 * that only DevicesRepo's upserts write. Connection and port columns (attach / detach) and
 * last_job_state (the journal) have writers of their own and are not among them.
 */
const REPORTED = {
  serial: 'serial',
  imei: 'imei',
  imei2: 'imei2',
  enrollmentId: 'enrollment_id',
  productType: 'product_type',
  modelName: 'model_name',
  productVersion: 'product_version',
  buildVersion: 'build_version',
  name: 'name',
  deviceClass: 'device_class',
  activationState: 'activation_state',
  paired: 'paired',
  supervised: 'supervised',
  organizationName: 'organization_name',
  enrollmentType: 'enrollment_type',
  passcodePresent: 'passcode_present',
  batteryLevel: 'battery_level',
  batteryCharging: 'battery_charging',
} as const;

type ReportedKey = keyof typeof REPORTED;
export type ReportedFacts = { [K in ReportedKey]: NonNullable<DeviceUpdate[K]> | null };

const KEYS = Object.keys(REPORTED) as ReportedKey[];
const BOOLEANS = new Set<ReportedKey>(['paired', 'supervised', 'passcodePresent', 'batteryCharging']);

/** True when the update carries nothing but reported facts (the common case: a job's facts report). */
export function onlyReported(update: DeviceUpdate): boolean {
  for (const key of Object.keys(update)) if (key !== 'udid' && !(key in REPORTED) && update[key as keyof DeviceUpdate] !== undefined) return false;
  return true;
}

/** The stored facts with the update's defined fields over them, and the User Enrollment rule applied. */
export function mergeReported(known: ReportedFacts, update: DeviceUpdate): ReportedFacts {
  const merged = { ...known };
  for (const key of KEYS) {
    const value = update[key];
    if (value !== undefined) (merged as Record<ReportedKey, unknown>)[key] = value;
  }
  if (merged.enrollmentType === 'user') {
    // BYOD privacy: whatever a report carried, a User Enrollment device keeps no hardware ids.
    merged.serial = null;
    merged.imei = null;
    merged.imei2 = null;
  }
  return merged;
}

/** Bit i is set when KEYS[i] differs: the UPDATE writes those columns only. Facts are scalars. */
export function changedColumns(known: ReportedFacts, merged: ReportedFacts): number {
  let mask = 0;
  KEYS.forEach((key, i) => {
    if (known[key] !== merged[key]) mask |= 1 << i;
  });
  return mask;
}

const SELECT_REPORTED = `SELECT ${KEYS.map((k) => REPORTED[k]).join(', ')}, last_seen FROM devices WHERE udid = ?`;

/**
 * The UPDATE for one set of changed columns, which names only those: SQLite checks the CHECKs and
 * rewrites the indexes (serial, enrollment ID) of every column a SET names, changed or not, and a
 * job's report changes one or two columns. Texts are made once per mask, and only for the few masks
 * a station meets; past MAX_MASK_TEXTS every mask shares one statement, where a column whose bit is
 * clear keeps what is stored.
 */
const MAX_MASK_TEXTS = 64;
const updateByMask = new Map<number, string>();
const UPDATE_ANY_MASK = `UPDATE devices SET ${KEYS.map((k, i) => `${REPORTED[k]} = iif(@mask & ${1 << i}, @${REPORTED[k]}, ${REPORTED[k]})`).join(', ')},
  last_seen = @now WHERE udid = @udid`;

function updateSql(mask: number): string {
  let text = updateByMask.get(mask);
  if (text === undefined) {
    if (updateByMask.size >= MAX_MASK_TEXTS) return UPDATE_ANY_MASK;
    const columns = KEYS.filter((_, i) => mask & (1 << i)).map((k) => `${REPORTED[k]} = @${REPORTED[k]}, `);
    text = `UPDATE devices SET ${columns.join('')}last_seen = @now WHERE udid = @udid`;
    updateByMask.set(mask, text);
  }
  return text;
}

export interface Persisted {
  facts: ReportedFacts;
  lastSeenMs: number;
}

export function readReported(sql: StatementCache, udid: string): Persisted | undefined {
  const row = sql(SELECT_REPORTED).get(udid) as Record<string, string | number | null> | undefined;
  if (!row) return undefined;
  const facts = Object.fromEntries(KEYS.map((k) => [k, BOOLEANS.has(k) ? fromBit(row[REPORTED[k]] as number | null) : row[REPORTED[k]]])) as ReportedFacts;
  return { facts, lastSeenMs: Date.parse(row.last_seen as string) };
}

/** False when there is no such row (it was deleted behind the memo). */
export function writeReported(sql: StatementCache, udid: string, facts: ReportedFacts, mask: number, now: string): boolean {
  const text = updateSql(mask);
  const all = text === UPDATE_ANY_MASK;
  const params: Record<string, unknown> = all ? { udid, mask, now } : { udid, now };
  KEYS.forEach((key, i) => {
    // better-sqlite3 refuses named parameters the statement does not have.
    if (all || mask & (1 << i)) params[REPORTED[key]] = BOOLEANS.has(key) ? toBit(facts[key] as boolean | null) : facts[key];
  });
  return sql(text).run(params).changes > 0;
}

/**
 * The reported facts last written or read per device, so an unchanged report costs no statement.
 * Only what is committed is kept: inside a transaction (which may still roll back) an entry is
 * dropped instead, and the next report reads the row again.
 */
export class ReportedMemo {
  private readonly entries = new Map<string, Persisted>();

  constructor(private readonly db: Database.Database) {}

  get(udid: string): Persisted | undefined {
    return this.entries.get(udid);
  }

  remember(udid: string, persisted: Persisted): void {
    if (this.db.inTransaction) this.entries.delete(udid);
    else this.entries.set(udid, persisted);
  }

  forget(udid: string): void {
    this.entries.delete(udid);
  }
}
