import type Database from 'better-sqlite3';

/**
 * Prepares each SQL text once per repository. Statements are compiled on first use rather than in
 * constructors, so a repository costs nothing until it is used.
 */
export type StatementCache = (sql: string) => Database.Statement;

export function statementCache(db: Database.Database): StatementCache {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

/** SQLite has no boolean type: 0/1 integers, NULL for "not known yet". */
export function toBit(value: boolean | null | undefined): number | null {
  return value === null || value === undefined ? null : value ? 1 : 0;
}

export function fromBit(value: number | null): boolean | null {
  return value === null ? null : value !== 0;
}
