import type { Migration } from './migration.js';

// Who the devices belong to: the user directory (local or cached from the MDM), assignments
// (registration, staging user, first user) and Multi User check-outs.
//
// assignments.user_id and checkouts.user_id deliberately have no foreign key: the users table is a
// cache of a directory that a sync may shrink, while assignments and check-outs are history that
// must outlive the cached user.
export const migration0002: Migration = {
  version: 2,
  name: 'directory',
  sql: /* sql */ `
CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  username   TEXT,
  email      TEXT,
  badge      TEXT,
  pin_hash   TEXT,
  groups     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(groups) AND json_type(groups) = 'array'),
  source     TEXT NOT NULL CHECK (source IN ('local', 'mdm')),
  updated_at TEXT NOT NULL
);
-- A badge scan or a username must name exactly one person at the kiosk.
CREATE UNIQUE INDEX users_by_badge ON users (badge) WHERE badge IS NOT NULL;
CREATE UNIQUE INDEX users_by_username ON users (username COLLATE NOCASE) WHERE username IS NOT NULL;
CREATE INDEX users_by_email ON users (email COLLATE NOCASE) WHERE email IS NOT NULL;

CREATE TABLE assignments (
  id         INTEGER PRIMARY KEY,
  udid       TEXT REFERENCES devices (udid) ON DELETE CASCADE,
  serial     TEXT,
  user_id    TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('registration', 'staging', 'first-user')),
  created_at TEXT NOT NULL,
  ended_at   TEXT,
  CHECK (udid IS NOT NULL OR serial IS NOT NULL)
);
-- A device has at most one current owner; a new assignment ends the previous one.
CREATE UNIQUE INDEX assignments_one_open_by_udid ON assignments (udid) WHERE ended_at IS NULL AND udid IS NOT NULL;
CREATE UNIQUE INDEX assignments_one_open_by_serial ON assignments (serial) WHERE ended_at IS NULL AND serial IS NOT NULL;
CREATE INDEX assignments_by_user ON assignments (user_id, created_at);

CREATE TABLE checkouts (
  id             INTEGER PRIMARY KEY,
  udid           TEXT NOT NULL REFERENCES devices (udid) ON DELETE CASCADE,
  user_id        TEXT NOT NULL,
  -- Slot numbers are copied, not referenced: a layout may be recalibrated while a device is out.
  slot_number    INTEGER,
  return_slot_number INTEGER,
  checked_out_at TEXT NOT NULL,
  due_at         TEXT,
  checked_in_at  TEXT,
  state          TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'returned', 'overdue', 'lost')),
  CHECK ((state = 'returned') = (checked_in_at IS NOT NULL))
);
-- A device is out with one person at a time (open, overdue and lost all mean "not on the cart").
CREATE UNIQUE INDEX checkouts_one_active ON checkouts (udid) WHERE state <> 'returned';
CREATE INDEX checkouts_by_user ON checkouts (user_id, state);
CREATE INDEX checkouts_due ON checkouts (due_at) WHERE state = 'open';
`,
};
