import type Database from 'better-sqlite3';
import { auditEntryHash, chainHead, verifyAuditChain, type ChainReport } from '../audit-chain.js';
import { iso, systemClock, type Clock } from '../clock.js';
import { jsonObjectSchema, readJson, toJson, type JsonValue } from '../json.js';
import { statementCache, transactions, type StatementCache, type Transactions } from '../sql.js';

/** Where the action came from: a station screen, the CLI, the kiosk, the HTTP API, or the station itself. */
export type AuditSource = 'screen' | 'cli' | 'kiosk' | 'api' | 'system';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  source: AuditSource;
  action: string;
  udid: string | null;
  serial: string | null;
  details: Record<string, JsonValue>;
}

export interface NewAuditEntry {
  actor: string;
  source: AuditSource;
  action: string;
  udid?: string | null;
  serial?: string | null;
  details?: Record<string, JsonValue>;
}

export interface AuditQuery {
  since?: Date;
  until?: Date;
  udid?: string;
  serial?: string;
  actor?: string;
  action?: string;
  source?: AuditSource;
  limit?: number;
  /** Newest first by default (a screen); 'asc' reads like a log (the CLI). */
  order?: 'asc' | 'desc';
}

interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  source: AuditSource;
  action: string;
  udid: string | null;
  serial: string | null;
  details: string;
}

const detailsSchema = jsonObjectSchema;

/** Append and read only: the schema's triggers refuse UPDATE and DELETE on audit_log, and each entry is hash-chained to the one before. */
export class AuditRepo {
  private readonly sql: StatementCache;
  private readonly tx: Transactions;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
    this.tx = transactions(db);
  }

  /** Recomputes the hash chain over every entry: `ok`, or the first entry that was tampered with. */
  verify(): ChainReport {
    return verifyAuditChain(this.db);
  }

  append(entry: NewAuditEntry): AuditEntry {
    const at = iso(this.clock());
    const content = { at, actor: entry.actor, source: entry.source, action: entry.action, udid: entry.udid ?? null, serial: entry.serial ?? null, details: toJson(entry.details ?? {}) };
    // Read the head and insert in one write transaction, so two writers never link to the same entry.
    const { lastInsertRowid } = this.tx.immediate(() => {
      const prev = chainHead(this.db, this.sql);
      return this.sql('INSERT INTO audit_log (at, actor, source, action, udid, serial, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        content.at,
        content.actor,
        content.source,
        content.action,
        content.udid,
        content.serial,
        content.details,
        prev,
        auditEntryHash(prev, content),
      );
    });
    return {
      id: Number(lastInsertRowid),
      at,
      actor: entry.actor,
      source: entry.source,
      action: entry.action,
      udid: entry.udid ?? null,
      serial: entry.serial ?? null,
      details: entry.details ?? {},
    };
  }

  /** `since` is inclusive, `until` exclusive, so consecutive windows never count an entry twice. */
  query(filter: AuditQuery = {}): AuditEntry[] {
    const order = filter.order === 'asc' ? 'ASC' : 'DESC';
    const rows = this.sql(
      `SELECT * FROM audit_log
       WHERE (@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)
         AND (@udid IS NULL OR udid = @udid) AND (@serial IS NULL OR serial = @serial)
         AND (@actor IS NULL OR actor = @actor) AND (@action IS NULL OR action = @action)
         AND (@source IS NULL OR source = @source)
       ORDER BY at ${order}, id ${order} LIMIT @limit`,
    ).all({
      since: filter.since ? iso(filter.since) : null,
      until: filter.until ? iso(filter.until) : null,
      udid: filter.udid ?? null,
      serial: filter.serial ?? null,
      actor: filter.actor ?? null,
      action: filter.action ?? null,
      source: filter.source ?? null,
      limit: filter.limit ?? 1_000,
    }) as AuditRecord[];
    return rows.map(toEntry);
  }
}

function toEntry(r: AuditRecord): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    source: r.source,
    action: r.action,
    udid: r.udid,
    serial: r.serial,
    details: readJson(r.details, detailsSchema, `audit entry ${r.id}`),
  };
}
