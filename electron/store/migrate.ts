import type Database from 'better-sqlite3';
import { iso, systemClock, type Clock } from './clock.js';
import { StoreError } from './errors.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly number[];
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/**
 * Brings the schema up to the newest migration. Each migration runs in its own transaction together
 * with its ledger row and the user_version bump, so a crash leaves the database at a whole version,
 * never half-way through one.
 */
export function migrate(db: Database.Database, clock: Clock = systemClock, migrations: readonly Migration[] = allMigrations): MigrationReport {
  assertOrdered(migrations);
  db.exec(CREATE_LEDGER);
  const from = currentVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `The database is at schema version ${from}, newer than this Cartwright understands (${latest}). Update Cartwright, or use another --data-dir.`,
    );
  }
  assertLedgerMatches(db, migrations, from);

  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, iso(clock()));
      // PRAGMA cannot take bound parameters; the version is an integer from our own list.
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    applied.push(migration.version);
  }
  return { from, to: currentVersion(db), applied };
}

export function currentVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError('SCHEMA_MISMATCH', `Migration list out of order: position ${index + 1} holds version ${migration.version}`);
    }
  });
}

/** A ledger that disagrees with the code means the file was migrated by a different build: stop before touching it. */
function assertLedgerMatches(db: Database.Database, migrations: readonly Migration[], version: number): void {
  const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
  const expected = migrations.filter((m) => m.version <= version);
  const same = rows.length === expected.length && rows.every((row, i) => row.version === expected[i]?.version && row.name === expected[i]?.name);
  if (!same) {
    throw new StoreError(
      'SCHEMA_MISMATCH',
      `schema_migrations (${rows.map((r) => `${r.version}:${r.name}`).join(', ') || 'empty'}) does not match user_version ${version} and this build's migrations`,
    );
  }
}
