import type Database from 'better-sqlite3';
import { auditEntryHash, chainHead, GENESIS_HASH, verifyAuditChain, type ChainedContent, type ChainReport } from '../audit-chain.js';
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

/**
 * The entry goes in only if `prev` is still the newest entry's hash: the link is checked by the
 * INSERT itself, so an append needs no read of its own and no transaction (a single statement is
 * atomic, and inside the caller's transaction it commits or rolls back with it).
 */
const INSERT_AFTER_HEAD = `INSERT INTO audit_log (at, actor, source, action, udid, serial, details, prev_hash, hash)
  SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
  WHERE COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '${GENESIS_HASH}') = ?`;

/** Append and read only: the schema's triggers refuse UPDATE and DELETE on audit_log, and each entry is hash-chained to the one before. */
export class AuditRepo {
  private readonly sql: StatementCache;
  private readonly tx: Transactions;
  /**
   * The hash of the newest entry as this repo last wrote or read it: a hint, since a caller's
   * transaction may roll the entry back (or another connection append). INSERT_AFTER_HEAD checks
   * it, and a stale hint costs one read of the head and a second try.
   */
  private head: string | undefined;

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
    // A stale hint: read the head and insert in one write transaction, so two writers never link to the same entry.
    const id = (this.head === undefined ? undefined : this.insertAfter(this.head, content)) ?? this.tx.immediate(() => this.insertAfter(chainHead(this.db, this.sql), content));
    if (id === undefined) throw new Error('The audit log changed while its head was locked for writing: this connection is not the only writer.');
    return {
      id,
      at,
      actor: entry.actor,
      source: entry.source,
      action: entry.action,
      udid: entry.udid ?? null,
      serial: entry.serial ?? null,
      details: entry.details ?? {},
    };
  }

  /** The new entry's id, or undefined (nothing written) when `prev` is not the head. */
  private insertAfter(prev: string, content: ChainedContent): number | undefined {
    const hash = auditEntryHash(prev, content);
    const { changes, lastInsertRowid } = this.sql(INSERT_AFTER_HEAD).run(
      content.at,
      content.actor,
      content.source,
      content.action,
      content.udid,
      content.serial,
      content.details,
      prev,
      hash,
      prev,
    );
    if (changes === 0) return undefined;
    this.head = hash;
    return Number(lastInsertRowid);
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
