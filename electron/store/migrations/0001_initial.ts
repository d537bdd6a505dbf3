import type { Migration } from './migration.js';

// The staging engine's tables: what is on the cart (devices, slots) and what was done to it
// (blueprints, batches, jobs, and the per-step journal that makes jobs resumable).
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: /* sql */ `
CREATE TABLE slot_layouts (
  name        TEXT PRIMARY KEY,
  grid_rows    INTEGER CHECK (grid_rows IS NULL OR grid_rows > 0),
  grid_columns INTEGER CHECK (grid_columns IS NULL OR grid_columns > 0),
  description TEXT,
  is_active   INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
-- At most one layout describes the cart that is plugged in now.
CREATE UNIQUE INDEX slot_layouts_one_active ON slot_layouts (is_active) WHERE is_active = 1;

CREATE TABLE slots (
  id          INTEGER PRIMARY KEY,
  layout_name TEXT NOT NULL REFERENCES slot_layouts (name) ON DELETE CASCADE ON UPDATE CASCADE,
  slot_number INTEGER NOT NULL CHECK (slot_number >= 1),
  -- Port identity: usbmuxd's LocationID where the platform reports one, and/or the USB bus-port
  -- path (e.g. "1-2.3.4"); either identifies the physical socket a device is plugged into.
  location_id INTEGER,
  usb_path    TEXT,
  label       TEXT,
  UNIQUE (layout_name, slot_number)
);
CREATE UNIQUE INDEX slots_by_location ON slots (layout_name, location_id) WHERE location_id IS NOT NULL;
CREATE UNIQUE INDEX slots_by_usb_path ON slots (layout_name, usb_path) WHERE usb_path IS NOT NULL;

CREATE TABLE devices (
  udid              TEXT PRIMARY KEY,
  serial            TEXT,
  imei              TEXT,
  imei2             TEXT,
  enrollment_id     TEXT,
  product_type      TEXT,
  model_name        TEXT,
  product_version   TEXT,
  build_version     TEXT,
  name              TEXT,
  device_class      TEXT,
  activation_state  TEXT,
  paired            INTEGER CHECK (paired IN (0, 1)),
  supervised        INTEGER CHECK (supervised IN (0, 1)),
  organization_name TEXT,
  enrollment_type   TEXT NOT NULL DEFAULT 'device' CHECK (enrollment_type IN ('device', 'user')),
  passcode_present  INTEGER CHECK (passcode_present IN (0, 1)),
  battery_level     INTEGER CHECK (battery_level BETWEEN 0 AND 100),
  battery_charging  INTEGER CHECK (battery_charging IN (0, 1)),
  first_seen        TEXT NOT NULL,
  last_seen         TEXT NOT NULL,
  connected         INTEGER NOT NULL DEFAULT 0 CHECK (connected IN (0, 1)),
  location_id       INTEGER,
  usb_path          TEXT,
  slot_id           INTEGER REFERENCES slots (id) ON DELETE SET NULL,
  last_job_state    TEXT,
  -- User Enrollment (BYOD) devices are identified by their Enrollment ID; the station must not
  -- keep hardware identifiers for them.
  CHECK (enrollment_type = 'device' OR (serial IS NULL AND imei IS NULL AND imei2 IS NULL))
);
CREATE INDEX devices_by_serial ON devices (serial) WHERE serial IS NOT NULL;
CREATE UNIQUE INDEX devices_by_enrollment_id ON devices (enrollment_id) WHERE enrollment_id IS NOT NULL;
CREATE INDEX devices_by_slot ON devices (slot_id) WHERE slot_id IS NOT NULL;

CREATE TABLE blueprints (
  name       TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  body       TEXT NOT NULL CHECK (json_valid(body)),
  body_hash  TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  PRIMARY KEY (name, version)
);

CREATE TABLE batches (
  id                TEXT PRIMARY KEY,
  flow              TEXT,
  blueprint_name    TEXT,
  blueprint_version INTEGER,
  requested_by      TEXT,
  options           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
  created_at        TEXT NOT NULL,
  finished_at       TEXT,
  FOREIGN KEY (blueprint_name, blueprint_version) REFERENCES blueprints (name, version)
);

CREATE TABLE jobs (
  id                TEXT PRIMARY KEY,
  udid              TEXT NOT NULL REFERENCES devices (udid) ON DELETE CASCADE,
  batch_id          TEXT REFERENCES batches (id) ON DELETE SET NULL,
  -- A job pins the exact blueprint version, so a resumed job runs what it started with even if
  -- the blueprint was edited in between.
  blueprint_name    TEXT NOT NULL,
  blueprint_version INTEGER NOT NULL,
  state             TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled')),
  params            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  requested_by      TEXT,
  cancel_requested  INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
  error_code        TEXT,
  error_message     TEXT,
  created_at        TEXT NOT NULL,
  started_at        TEXT,
  finished_at       TEXT,
  FOREIGN KEY (blueprint_name, blueprint_version) REFERENCES blueprints (name, version)
);
CREATE INDEX jobs_by_device ON jobs (udid, created_at);
CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE state IN ('queued', 'running', 'paused');
CREATE INDEX jobs_by_batch ON jobs (batch_id) WHERE batch_id IS NOT NULL;

CREATE TABLE job_steps (
  job_id        TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  ordinal       INTEGER NOT NULL CHECK (ordinal >= 0),
  name          TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  started_at    TEXT,
  finished_at   TEXT,
  duration_ms   INTEGER,
  error_code    TEXT,
  error_message TEXT,
  error_chain   TEXT CHECK (error_chain IS NULL OR json_valid(error_chain)),
  result        TEXT CHECK (result IS NULL OR json_valid(result)),
  PRIMARY KEY (job_id, ordinal)
) WITHOUT ROWID;
`,
};
