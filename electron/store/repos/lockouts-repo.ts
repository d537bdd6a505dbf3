import type Database from 'better-sqlite3';
import { z } from 'zod';
import { iso, systemClock, type Clock } from '../clock.js';
import { readJson, toJson } from '../json.js';
import { statementCache, type StatementCache } from '../sql.js';

/** Who the failed kiosk sign-ins count against: a person (by the name tried) or a kiosk client. */
export type LockoutKind = 'user' | 'client';

export interface Lockout {
  kind: LockoutKind;
  key: string;
  /** Failed tries in the current run of failures (reset by a success or an admin unlock). */
  failures: number;
  /** While in the future, every try is refused before any PIN or badge is checked. */
  lockedUntil: string | null;
  firstFailureAt: string;
  lastFailureAt: string;
  /** Refusals not yet summarized in the audit log, and the usernames they tried. */
  pendingRefusals: number;
  pendingNames: string[];
}

interface LockoutRecord {
  kind: LockoutKind;
  key: string;
  failures: number;
  locked_until: string | null;
  first_failure_at: string;
  last_failure_at: string;
  pending_refusals: number;
  pending_names: string;
}

/** At most this many distinct tried usernames are kept for one audit summary. */
const MAX_NAMES = 10;
const namesSchema = z.array(z.string());

/** Failed kiosk sign-ins, persisted so a restart does not reset anyone's count. */
export class LockoutsRepo {
  private readonly sql: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  get(kind: LockoutKind, key: string): Lockout | undefined {
    const row = this.sql('SELECT * FROM kiosk_lockouts WHERE kind = ? AND key = ?').get(kind, key) as LockoutRecord | undefined;
    return row && toLockout(row);
  }

  /**
   * One more failed try (or a try refused while locked, `counted: false`): returns the row after.
   * `restart` begins a new run of failures (the previous one is too old to count).
   */
  recordRefusal(kind: LockoutKind, key: string, options: { counted: boolean; restart: boolean; name: string | null }): Lockout {
    const now = iso(this.clock());
    const current = this.get(kind, key);
    const names = new Set(current?.pendingNames ?? []);
    if (options.name && names.size < MAX_NAMES) names.add(options.name);
    const failures = (options.restart ? 0 : (current?.failures ?? 0)) + (options.counted ? 1 : 0);
    this.sql(
      `INSERT INTO kiosk_lockouts (kind, key, failures, locked_until, first_failure_at, last_failure_at, pending_refusals, pending_names)
       VALUES (@kind, @key, @failures, NULL, @now, @now, 1, @names)
       ON CONFLICT (kind, key) DO UPDATE SET failures = @failures, last_failure_at = @now,
         first_failure_at = CASE WHEN @restart THEN @now ELSE first_failure_at END,
         locked_until = CASE WHEN @restart THEN NULL ELSE locked_until END,
         pending_refusals = pending_refusals + 1, pending_names = @names`,
    ).run({ kind, key, failures, now, restart: options.restart ? 1 : 0, names: toJson([...names]) });
    return this.get(kind, key) as Lockout;
  }

  lockUntil(kind: LockoutKind, key: string, until: Date): void {
    this.sql('UPDATE kiosk_lockouts SET locked_until = ? WHERE kind = ? AND key = ?').run(iso(until), kind, key);
  }

  /** After the burst was written to the audit log as one entry. */
  clearPending(kind: LockoutKind, key: string): void {
    this.sql(`UPDATE kiosk_lockouts SET pending_refusals = 0, pending_names = '[]' WHERE kind = ? AND key = ?`).run(kind, key);
  }

  /** A success or an admin unlock: the count starts over. Returns the row as it was. */
  clear(kind: LockoutKind, key: string): Lockout | undefined {
    const before = this.get(kind, key);
    if (before) this.sql('DELETE FROM kiosk_lockouts WHERE kind = ? AND key = ?').run(kind, key);
    return before;
  }

  /** Everyone and every client locked now (what the Admin screen and `users locked` list). */
  locked(): Lockout[] {
    const rows = this.sql('SELECT * FROM kiosk_lockouts WHERE locked_until > ? ORDER BY locked_until DESC, kind, key').all(iso(this.clock())) as LockoutRecord[];
    return rows.map(toLockout);
  }
}

function toLockout(r: LockoutRecord): Lockout {
  return {
    kind: r.kind,
    key: r.key,
    failures: r.failures,
    lockedUntil: r.locked_until,
    firstFailureAt: r.first_failure_at,
    lastFailureAt: r.last_failure_at,
    pendingRefusals: r.pending_refusals,
    pendingNames: readJson(r.pending_names, namesSchema, `lockout ${r.kind} ${r.key} names`),
  };
}
