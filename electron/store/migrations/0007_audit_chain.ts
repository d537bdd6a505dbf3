import type Database from 'better-sqlite3';
import { backfillAuditChain } from '../audit-chain.js';
import type { Migration } from './migration.js';

const NO_UPDATE_TRIGGER = /* sql */ `
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;`;

// Every audit entry is chained to the one before it (electron/store/audit-chain.ts). Entries that
// exist already are chained here, in id order: the only UPDATE the log ever sees, with the
// append-only trigger lifted for this one transaction and put back before it commits.
export const migration0007: Migration = {
  version: 7,
  name: 'audit_chain',
  sql: /* sql */ `
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
DROP TRIGGER audit_log_no_update;
`,
  run(db: Database.Database): void {
    backfillAuditChain(db);
    db.exec(NO_UPDATE_TRIGGER);
    // A row inserted without a link (hand-run SQL) is refused; one with a forged link is what verify finds.
    db.exec(/* sql */ `
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
BEGIN
  SELECT RAISE(ABORT, 'audit_log entries must be chained (prev_hash, hash): write them through Cartwright');
END;`);
  },
};
