import type { Migration } from './migration.js';

// The MDM outbox and the record of sync runs. Every state-changing MDM call is a row here, written
// in the same transaction as the local change it reports.
export const migration0003: Migration = {
  version: 3,
  name: 'outbox',
  sql: /* sql */ `
CREATE TABLE outbox (
  -- AUTOINCREMENT so an id is never reused after a purge: ids appear in logs and dead-letter views.
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  device_key      TEXT NOT NULL,
  seq             INTEGER NOT NULL CHECK (seq >= 1),
  kind            TEXT NOT NULL,
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  UNIQUE (device_key, seq)
);
CREATE INDEX outbox_queue ON outbox (device_key, seq) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_by_state ON outbox (state, id);

CREATE TABLE mdm_sync_runs (
  id          INTEGER PRIMARY KEY,
  connector   TEXT NOT NULL,
  triggered_by TEXT NOT NULL CHECK (triggered_by IN ('periodic', 'manual', 'startup')),
  state       TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'succeeded', 'partial', 'failed')),
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  stats       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(stats)),
  error       TEXT
);
CREATE INDEX mdm_sync_runs_by_start ON mdm_sync_runs (started_at);
`,
};
