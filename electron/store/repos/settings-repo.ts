import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { iso, systemClock, type Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import { jsonValueSchema, readJson, toJson, type JsonValue } from '../json.js';
import { statementCache, type StatementCache } from '../sql.js';

export interface SettingEntry {
  key: string;
  secret: boolean;
  /** Plain settings only; a secret's value never leaves getSecret(). */
  value: JsonValue | undefined;
  updatedAt: string;
}

interface SettingRecord {
  key: string;
  value: string | null;
  sealed: Buffer | null;
  secret: number;
  updated_at: string;
}

/**
 * Key/value settings. Secrets are stored as opaque sealed bytes: this repository never sees them
 * in clear, sealing and opening belong to secret-box.ts, so a database copied off the station
 * carries no usable MDM credential or supervision key.
 */
export class SettingsRepo {
  private readonly sql: StatementCache;

  constructor(
    db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  get(key: string): JsonValue | undefined {
    const row = this.row(key);
    if (!row) return undefined;
    if (row.secret === 1) throw new StoreError('SETTING_IS_SECRET', `Setting ${key} is secret; read it with getSecret()`);
    return readJson(row.value ?? 'null', jsonValueSchema, `setting ${key}`);
  }

  /** Reads and validates a setting against the caller's schema; undefined when it is not set. */
  getParsed<T>(key: string, schema: z.ZodType<T>): T | undefined {
    const value = this.get(key);
    return value === undefined ? undefined : readJson(JSON.stringify(value), schema, `setting ${key}`);
  }

  set(key: string, value: JsonValue): void {
    this.sql(
      `INSERT INTO settings (key, value, sealed, secret, updated_at) VALUES (?, ?, NULL, 0, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, sealed = NULL, secret = 0, updated_at = excluded.updated_at`,
    ).run(key, toJson(value), iso(this.clock()));
  }

  getSecret(key: string): Buffer | undefined {
    const row = this.row(key);
    if (!row) return undefined;
    if (row.secret !== 1 || !row.sealed) throw new StoreError('INVALID_INPUT', `Setting ${key} is not a secret`);
    return row.sealed;
  }

  setSecret(key: string, sealed: Uint8Array): void {
    this.sql(
      `INSERT INTO settings (key, value, sealed, secret, updated_at) VALUES (?, NULL, ?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET value = NULL, sealed = excluded.sealed, secret = 1, updated_at = excluded.updated_at`,
    ).run(key, Buffer.from(sealed), iso(this.clock()));
  }

  delete(key: string): boolean {
    return this.sql('DELETE FROM settings WHERE key = ?').run(key).changes > 0;
  }

  /** Every setting, secrets listed by name only (for a settings screen or `--json` dump). */
  list(prefix = ''): SettingEntry[] {
    const rows = this.sql(`SELECT * FROM settings WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key`).all({ prefix }) as SettingRecord[];
    return rows.map((row) => ({
      key: row.key,
      secret: row.secret === 1,
      value: row.secret === 1 ? undefined : readJson(row.value ?? 'null', jsonValueSchema, `setting ${row.key}`),
      updatedAt: row.updated_at,
    }));
  }

  private row(key: string): SettingRecord | undefined {
    return this.sql('SELECT * FROM settings WHERE key = ?').get(key) as SettingRecord | undefined;
  }
}
