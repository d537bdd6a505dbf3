import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { iso, systemClock, type Clock } from '../clock.js';
import { jsonObjectSchema, readJson, toJson, type JsonValue } from '../json.js';
import { statementCache, type StatementCache } from '../sql.js';

/** A group of jobs started together ("prepare --all", one auto-stage session). */
export interface Batch {
  id: string;
  flow: string | null;
  blueprintName: string | null;
  blueprintVersion: number | null;
  requestedBy: string | null;
  options: Record<string, JsonValue>;
  createdAt: string;
  finishedAt: string | null;
}

export interface NewBatch {
  flow?: string | null;
  blueprint?: { name: string; version: number } | null;
  requestedBy?: string | null;
  options?: Record<string, JsonValue>;
}

interface BatchRecord {
  id: string;
  flow: string | null;
  blueprint_name: string | null;
  blueprint_version: number | null;
  requested_by: string | null;
  options: string;
  created_at: string;
  finished_at: string | null;
}

const optionsSchema = jsonObjectSchema;

export class BatchesRepo {
  private readonly sql: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  create(batch: NewBatch = {}): Batch {
    const id = randomUUID();
    this.sql(
      `INSERT INTO batches (id, flow, blueprint_name, blueprint_version, requested_by, options, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, batch.flow ?? null, batch.blueprint?.name ?? null, batch.blueprint?.version ?? null, batch.requestedBy ?? null, toJson(batch.options ?? {}), iso(this.clock()));
    return this.get(id) as Batch;
  }

  get(id: string): Batch | undefined {
    const row = this.sql('SELECT * FROM batches WHERE id = ?').get(id) as BatchRecord | undefined;
    return row && toBatch(row);
  }

  finish(id: string): void {
    this.sql('UPDATE batches SET finished_at = ? WHERE id = ? AND finished_at IS NULL').run(iso(this.clock()), id);
  }

  /** Kept in the batch's options, so a paused batch stays paused across a restart of the station. */
  setHeld(id: string, held: boolean): void {
    this.sql(`UPDATE batches SET options = json_set(options, '$.held', json(?)) WHERE id = ?`).run(held ? 'true' : 'false', id);
  }

  heldBatchIds(): string[] {
    return (this.sql(`SELECT id FROM batches WHERE json_extract(options, '$.held') = 1`).all() as { id: string }[]).map((r) => r.id);
  }

  /** Batches still running, so `stage --resume` can report which session it is resuming. */
  unfinished(): Batch[] {
    return (this.sql('SELECT * FROM batches WHERE finished_at IS NULL ORDER BY created_at').all() as BatchRecord[]).map(toBatch);
  }
}

function toBatch(r: BatchRecord): Batch {
  return {
    id: r.id,
    flow: r.flow,
    blueprintName: r.blueprint_name,
    blueprintVersion: r.blueprint_version,
    requestedBy: r.requested_by,
    options: readJson(r.options, optionsSchema, `batch ${r.id} options`),
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
