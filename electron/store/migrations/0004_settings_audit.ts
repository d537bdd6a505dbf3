import type { Migration } from './migration.js';

export const migration0004: Migration = {
  version: 4,
  name: 'settings_audit',
  sql: /* sql */ `
-- Plain settings are JSON; secrets (MDM credentials, the supervision identity key) are stored only
-- as the sealed bytes produced by secret-box.ts, never as readable JSON.
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT CHECK (value IS NULL OR json_valid(value)),
  sealed     BLOB,
  secret     INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
  updated_at TEXT NOT NULL,
  CHECK ((secret = 0 AND value IS NOT NULL AND sealed IS NULL) OR (secret = 1 AND sealed IS NOT NULL AND value IS NULL))
);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  source  TEXT NOT NULL CHECK (source IN ('screen', 'cli', 'kiosk', 'api', 'system')),
  action  TEXT NOT NULL,
  udid    TEXT,
  serial  TEXT,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_udid ON audit_log (udid, at) WHERE udid IS NOT NULL;
CREATE INDEX audit_log_by_actor ON audit_log (actor, at);
CREATE INDEX audit_log_by_action ON audit_log (action, at);

-- The audit log is evidence: the database itself refuses to rewrite or erase it, whatever code
-- (or hand-run SQL) tries.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;
`,
};
