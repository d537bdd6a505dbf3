import type { Migration } from './migration.js';

// Kiosk sign-in guessing: failed badge/PIN tries per person and per kiosk client, kept in the
// database so a restart does not hand a guesser a fresh set of tries. `pending_*` count the
// refusals not yet summarized in the audit log (one entry per burst, never one per guess).
//
// Badges themselves become HMACs under a station key kept outside this file; that conversion
// needs the key, so it runs in code when the store opens (electron/store/badge-digest.ts).
export const migration0006: Migration = {
  version: 6,
  name: 'kiosk_guard',
  sql: /* sql */ `
CREATE TABLE kiosk_lockouts (
  kind              TEXT NOT NULL CHECK (kind IN ('user', 'client')),
  key               TEXT NOT NULL,
  failures          INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until      TEXT,
  first_failure_at  TEXT NOT NULL,
  last_failure_at   TEXT NOT NULL,
  pending_refusals  INTEGER NOT NULL DEFAULT 0 CHECK (pending_refusals >= 0),
  pending_names     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pending_names) AND json_type(pending_names) = 'array'),
  PRIMARY KEY (kind, key)
);
CREATE INDEX kiosk_lockouts_locked ON kiosk_lockouts (locked_until) WHERE locked_until IS NOT NULL;
`,
};
