import type Database from 'better-sqlite3';
import { iso, systemClock, type Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import { jsonObjectSchema, readJson, toJson, type JsonValue } from '../json.js';
import { statementCache, type StatementCache } from '../sql.js';

export type SyncTrigger = 'periodic' | 'manual' | 'startup';
export type SyncRunState = 'running' | 'succeeded' | 'partial' | 'failed';

/** One pass of the MDM sync loop (users refreshed, enrollments confirmed, reassignments seen …). */
export interface SyncRun {
  id: number;
  connector: string;
  trigger: SyncTrigger;
  state: SyncRunState;
  startedAt: string;
  finishedAt: string | null;
  stats: Record<string, JsonValue>;
  error: string | null;
}

interface SyncRunRecord {
  id: number;
  connector: string;
  triggered_by: SyncTrigger;
  state: SyncRunState;
  started_at: string;
  finished_at: string | null;
  stats: string;
  error: string | null;
}

const statsSchema = jsonObjectSchema;

export class SyncRunsRepo {
  private readonly sql: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  start(connector: string, trigger: SyncTrigger): SyncRun {
    const { lastInsertRowid } = this.sql('INSERT INTO mdm_sync_runs (connector, triggered_by, started_at) VALUES (?, ?, ?)').run(connector, trigger, iso(this.clock()));
    return this.require(Number(lastInsertRowid));
  }

  finish(id: number, outcome: { state: Exclude<SyncRunState, 'running'>; stats?: Record<string, JsonValue>; error?: string | null }): SyncRun {
    const { changes } = this.sql(`UPDATE mdm_sync_runs SET state = ?, finished_at = ?, stats = ?, error = ? WHERE id = ? AND state = 'running'`).run(
      outcome.state,
      iso(this.clock()),
      toJson(outcome.stats ?? {}),
      outcome.error ?? null,
      id,
    );
    if (changes === 0) throw new StoreError('INVALID_TRANSITION', `Sync run ${id} is not running`);
    return this.require(id);
  }

  latest(): SyncRun | undefined {
    const row = this.sql('SELECT * FROM mdm_sync_runs ORDER BY started_at DESC, id DESC LIMIT 1').get() as SyncRunRecord | undefined;
    return row && toRun(row);
  }

  list(limit = 50): SyncRun[] {
    return (this.sql('SELECT * FROM mdm_sync_runs ORDER BY started_at DESC, id DESC LIMIT ?').all(limit) as SyncRunRecord[]).map(toRun);
  }

  private require(id: number): SyncRun {
    const row = this.sql('SELECT * FROM mdm_sync_runs WHERE id = ?').get(id) as SyncRunRecord | undefined;
    if (!row) throw new StoreError('NOT_FOUND', `No sync run ${id}`);
    return toRun(row);
  }
}

function toRun(r: SyncRunRecord): SyncRun {
  return {
    id: r.id,
    connector: r.connector,
    trigger: r.triggered_by,
    state: r.state,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    stats: readJson(r.stats, statsSchema, `sync run ${r.id}`),
    error: r.error,
  };
}
