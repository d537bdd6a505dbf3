import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { createPrivateFile, securePrivateFile } from './private-files.js';
import { migrate, type MigrationReport } from './migrate.js';
import { sqliteNativeBinding } from './sqlite-addon.js';

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
  // SQLite gives the -wal and -shm files the database's own mode, so the database is 0600 first.
  createPrivateFile(file);
  securePrivateFile(file);
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5_000, nativeBinding: sqliteNativeBinding() });
  try {
    configure(db);
    for (const suffix of ['-wal', '-shm']) securePrivateFile(`${file}${suffix}`);
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
  // NORMAL in WAL mode survives any crash of the process (kill -9 included) and keeps the database
  // consistent on power loss; only the last few commits can roll back then. That is safe here by
  // design: every staging step re-checks the device before acting and every outbox message carries
  // an idempotency key the connectors check on redelivery. FULL cost the station most of its main
  // thread at 100 devices (an fsync per step transition; see test/bench/).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}
