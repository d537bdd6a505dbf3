import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * The audit log's hash chain. Triggers stop code and casual SQL from rewriting entries; the chain
 * makes rewriting visible even to someone who drops the triggers and edits the file: each entry
 * stores the hash of the one before it and a hash over that link plus its own content, so a change,
 * a deletion or an insertion anywhere breaks every link after it.
 *
 * The hash covers the stored text of every column but `id` (order is what the links prove): at,
 * actor, source, action, udid, serial and details exactly as stored (details is already JSON text).
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  at: string;
  actor: string;
  source: string;
  action: string;
  udid: string | null;
  serial: string | null;
  /** The details column's JSON text, exactly as stored. */
  details: string;
}

export function auditEntryHash(prevHash: string, row: ChainedContent): string {
  const content = JSON.stringify([prevHash, row.at, row.actor, row.source, row.action, row.udid, row.serial, row.details]);
  // One-shot hash: no Hash object (a stream) per entry, and every step of every job appends one.
  return hash('sha256', content, 'hex');
}

const CHAIN_HEAD_SQL = 'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1';

/**
 * The hash the next entry links to: the newest entry's, or the genesis value for an empty log.
 * `prepare` is the caller's statement cache: every step of every job appends an entry.
 */
export function chainHead(db: Database.Database, prepare: (sql: string) => Database.Statement = (sql) => db.prepare(sql)): string {
  const row = prepare(CHAIN_HEAD_SQL).get() as { hash: string | null } | undefined;
  return row?.hash ?? GENESIS_HASH;
}

interface StoredRow extends ChainedContent {
  id: number;
  prev_hash: string | null;
  hash: string | null;
}

export interface ChainBreak {
  /** The first entry whose link or content does not check out (for a missing tail: the last id there should be). */
  id: number;
  reason: 'unchained' | 'content-changed' | 'link-broken' | 'entries-missing-at-end';
  message: string;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** The newest entry's hash: note it elsewhere to detect later truncation or a rebuilt chain. */
  head: string;
  firstBreak: ChainBreak | null;
}

/** Walks the whole log in id order and reports the first entry that breaks the chain. */
export function verifyAuditChain(db: Database.Database): ChainReport {
  let prev = GENESIS_HASH;
  let entries = 0;
  let lastId = 0;
  const report = (firstBreak: ChainBreak): ChainReport => ({ ok: false, entries, head: prev, firstBreak });
  for (const row of db.prepare('SELECT id, at, actor, source, action, udid, serial, details, prev_hash, hash FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredRow>) {
    entries += 1;
    if (row.hash === null || row.prev_hash === null) return report({ id: row.id, reason: 'unchained', message: `Audit entry ${row.id} carries no hash: it was inserted by hand, outside Cartwright.` });
    if (row.prev_hash !== prev) {
      return report({ id: row.id, reason: 'link-broken', message: `Audit entry ${row.id} does not follow the entry before it: an entry was removed or inserted just before it.` });
    }
    if (auditEntryHash(row.prev_hash, row) !== row.hash) return report({ id: row.id, reason: 'content-changed', message: `Audit entry ${row.id} was changed after it was written.` });
    prev = row.hash;
    lastId = row.id;
  }
  // AUTOINCREMENT remembers the highest id ever handed out: deleting the newest entries leaves it behind.
  const seq = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined)?.seq ?? 0;
  if (seq > lastId) return report({ id: seq, reason: 'entries-missing-at-end', message: `Audit entries ${lastId + 1}–${seq} were deleted from the end of the log.` });
  return { ok: true, entries, head: prev, firstBreak: null };
}

/** Chains entries written before the chain existed (migration 0007), oldest first. */
export function backfillAuditChain(db: Database.Database): number {
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev = GENESIS_HASH;
  let count = 0;
  const rows = db.prepare('SELECT id, at, actor, source, action, udid, serial, details FROM audit_log ORDER BY id').all() as StoredRow[];
  for (const row of rows) {
    const hash = auditEntryHash(prev, row);
    update.run(prev, hash, row.id);
    prev = hash;
    count += 1;
  }
  return count;
}
