import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { migrate, type MigrationReport } from './migrate.js';

export type { Database };

export interface OpenDatabaseOptions {
  clock?: Clock;
  /** How long a statement waits for a lock held by a reader (a backup, a SQLite shell) before failing. */
  busyTimeoutMs?: number;
}

export interface OpenedDatabase {
  readonly db: Database.Database;
  readonly migration: MigrationReport;
}

/**
 * Opens (creating if needed) a Cartwright database file, sets the connection up and migrates it.
 * This does not take the station lock: use openStore() for a station, this for tools and tests.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5_000 });
  try {
    configure(db);
    const migration = migrate(db, options.clock ?? systemClock);
    return { db, migration };
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: Database.Database): void {
  // WAL: readers (exports, a backup, the SQLite shell) never block the station's single writer.
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: in WAL mode NORMAL can lose the last commits on power loss, and the outbox
  // and job journal promise that an acknowledged step or MDM call is never forgotten. Writes are
  // small and batched per tick, so the extra fsync is affordable.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}
