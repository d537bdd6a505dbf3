import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { iso, systemClock, type Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import { canonicalJson, jsonValueSchema, readJson, toJson, type JsonValue } from '../json.js';
import { statementCache, type StatementCache } from '../sql.js';

/**
 * A stored blueprint version. The body is opaque JSON here: its schema belongs to staging/, which
 * validates it before saving and after loading.
 */
export interface StoredBlueprint {
  name: string;
  version: number;
  body: JsonValue;
  createdAt: string;
  createdBy: string | null;
}

export interface BlueprintSummary {
  name: string;
  latestVersion: number;
  versions: number;
  updatedAt: string;
}

export interface SaveResult {
  blueprint: StoredBlueprint;
  /** False when the body equalled the latest version, which is then returned unchanged. */
  created: boolean;
}

interface BlueprintRecord {
  name: string;
  version: number;
  body: string;
  body_hash: string;
  created_at: string;
  created_by: string | null;
}

export class BlueprintsRepo {
  private readonly sql: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  /**
   * Versions are immutable because jobs point at (name, version) to resume exactly what they
   * started with; so a changed body always becomes a new version, and saving an unchanged body
   * (key order aside) creates nothing.
   */
  save(name: string, body: JsonValue, createdBy: string | null = null): SaveResult {
    if (!name.trim()) throw new StoreError('INVALID_INPUT', 'A blueprint needs a name');
    const hash = createHash('sha256').update(canonicalJson(body)).digest('hex');
    return this.db.transaction((): SaveResult => {
      const latest = this.latestRecord(name);
      if (latest?.body_hash === hash) return { blueprint: toBlueprint(latest), created: false };
      const version = (latest?.version ?? 0) + 1;
      this.sql('INSERT INTO blueprints (name, version, body, body_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(
        name,
        version,
        toJson(body),
        hash,
        iso(this.clock()),
        createdBy,
      );
      return { blueprint: this.require(name, version), created: true };
    })();
  }

  latest(name: string): StoredBlueprint | undefined {
    const row = this.latestRecord(name);
    return row && toBlueprint(row);
  }

  get(name: string, version: number): StoredBlueprint | undefined {
    const row = this.sql('SELECT * FROM blueprints WHERE name = ? AND version = ?').get(name, version) as BlueprintRecord | undefined;
    return row && toBlueprint(row);
  }

  /** One line per blueprint name, newest version described. */
  list(): BlueprintSummary[] {
    return this.sql(
      `SELECT name, MAX(version) AS latestVersion, COUNT(*) AS versions, MAX(created_at) AS updatedAt FROM blueprints GROUP BY name ORDER BY name`,
    ).all() as BlueprintSummary[];
  }

  /** A blueprint's versions without their bodies, newest first: the editor's history list. */
  history(name: string): { version: number; createdAt: string; createdBy: string | null }[] {
    return this.sql('SELECT version, created_at AS createdAt, created_by AS createdBy FROM blueprints WHERE name = ? ORDER BY version DESC').all(name) as {
      version: number;
      createdAt: string;
      createdBy: string | null;
    }[];
  }

  versions(name: string): StoredBlueprint[] {
    return (this.sql('SELECT * FROM blueprints WHERE name = ? ORDER BY version').all(name) as BlueprintRecord[]).map(toBlueprint);
  }

  private latestRecord(name: string): BlueprintRecord | undefined {
    return this.sql('SELECT * FROM blueprints WHERE name = ? ORDER BY version DESC LIMIT 1').get(name) as BlueprintRecord | undefined;
  }

  private require(name: string, version: number): StoredBlueprint {
    const blueprint = this.get(name, version);
    if (!blueprint) throw new StoreError('NOT_FOUND', `No blueprint "${name}" version ${version}`);
    return blueprint;
  }
}

function toBlueprint(r: BlueprintRecord): StoredBlueprint {
  return {
    name: r.name,
    version: r.version,
    body: readJson(r.body, jsonValueSchema, `blueprint ${r.name} v${r.version}`),
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}
