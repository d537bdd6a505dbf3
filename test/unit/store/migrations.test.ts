import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentVersion, migrate, migrations, openDatabase, StoreError } from '../../../electron/store/index.js';
import { tempDir } from './helpers.js';

const EXPECTED_TABLES = [
  'assignments', 'audit_log', 'batches', 'blueprints', 'checkouts', 'devices', 'job_steps', 'jobs', 'kiosk_lockouts', 'mdm_devices', 'mdm_sync_runs',
  'outbox', 'schema_migrations', 'settings', 'slot_layouts', 'slots', 'users',
];

function tables(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
}

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('build the whole schema from an empty file, recording each version', () => {
    const file = join(tempDir(), 'cartwright.db');
    const { db, migration } = openDatabase(file);
    expect(migration).toEqual({ from: 0, to: migrations.length, applied: migrations.map((m) => m.version) });
    expect(tables(db)).toEqual(EXPECTED_TABLES);
    expect(currentVersion(db)).toBe(migrations.length);
    const ledger = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(ledger).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    db.close();
  });

  it('set up WAL, foreign keys and a busy timeout on every connection', () => {
    const { db } = openDatabase(join(tempDir(), 'cartwright.db'), { busyTimeoutMs: 1234 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    db.close();
  });

  it('apply nothing when re-opened, and keep the data', () => {
    const file = join(tempDir(), 'cartwright.db');
    const first = openDatabase(file);
    first.db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')`).run();
    first.db.close();
    const again = openDatabase(file);
    expect(again.migration).toEqual({ from: migrations.length, to: migrations.length, applied: [] });
    expect(again.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: migrations.length });
    expect(again.db.prepare(`SELECT value FROM settings WHERE key = 'k'`).get()).toEqual({ value: '1' });
    again.db.close();
  });

  it('continue from a database left at an older version', () => {
    const db = new Database(join(tempDir(), 'old.db'));
    migrate(db, undefined, migrations.slice(0, 2));
    expect(currentVersion(db)).toBe(2);
    const report = migrate(db);
    expect(report.applied).toEqual(migrations.slice(2).map((m) => m.version));
    expect(tables(db)).toEqual(EXPECTED_TABLES);
    db.close();
  });

  it('roll a failing migration back whole, leaving the previous version intact', () => {
    const db = new Database(join(tempDir(), 'broken.db'));
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, undefined, broken)).toThrow(/no_such_table/);
    expect(currentVersion(db)).toBe(migrations.length);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('refuse a database from a newer Cartwright', () => {
    const file = join(tempDir(), 'cartwright.db');
    openDatabase(file).db.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    const error = (() => {
      try {
        openDatabase(file);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('SCHEMA_TOO_NEW');
  });

  it('refuse a ledger that disagrees with the code', () => {
    const db = new Database(join(tempDir(), 'odd.db'));
    migrate(db);
    db.prepare(`UPDATE schema_migrations SET name = 'renamed' WHERE version = 1`).run();
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'SCHEMA_MISMATCH' }));
    db.close();
  });
});
