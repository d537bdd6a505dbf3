import type Database from 'better-sqlite3';

/** One schema step. `version` is the number in the file name; it never changes once shipped. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** A step SQL alone cannot do (hashing existing rows); runs after `sql`, in the same transaction. */
  readonly run?: (db: Database.Database) => void;
}
