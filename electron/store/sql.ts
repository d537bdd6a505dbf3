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

/** Runs `work` in a transaction (a savepoint when nested); `immediate` takes the write lock first. */
export interface Transactions {
  <T>(work: () => T): T;
  immediate<T>(work: () => T): T;
}

const transactionsByDb = new WeakMap<Database.Database, Transactions>();

/**
 * One transaction function per database, given the work as its argument: db.transaction() builds
 * its wrappers again at every call, and the journal opens a transaction at every step transition
 * of every device.
 */
export function transactions(db: Database.Database): Transactions {
  let tx = transactionsByDb.get(db);
  if (!tx) {
    const inTransaction = db.transaction((work: () => unknown) => work());
    const run = <T>(work: () => T): T => inTransaction(work) as T;
    tx = Object.assign(run, { immediate: <T>(work: () => T): T => inTransaction.immediate(work) as T });
    transactionsByDb.set(db, tx);
  }
  return tx;
}

/** SQLite has no boolean type: 0/1 integers, NULL for "not known yet". */
export function toBit(value: boolean | null | undefined): number | null {
  return value === null || value === undefined ? null : value ? 1 : 0;
}

export function fromBit(value: number | null): boolean | null {
  return value === null ? null : value !== 0;
}
