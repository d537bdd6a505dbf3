import type { Migration } from './migration.js';

// What the MDM last said about each device the station staged, keyed by serial: enrollment
// confirmed or not, the MDM's current user (a change is a Single User Standard reassignment) and
// the ADE facts. A cache refreshed by the sync loop, so it has no foreign key to devices.
export const migration0005: Migration = {
  version: 5,
  name: 'mdm',
  sql: /* sql */ `
CREATE TABLE mdm_devices (
  serial             TEXT PRIMARY KEY,
  udid               TEXT,
  mdm_id             TEXT,
  enrollment         TEXT NOT NULL DEFAULT 'unknown' CHECK (enrollment IN ('enrolled', 'pending', 'unenrolled', 'unknown', 'absent')),
  enrollment_status  TEXT,
  username           TEXT,
  user_id            TEXT,
  ade_assigned       INTEGER CHECK (ade_assigned IN (0, 1)),
  ade_server         TEXT,
  ade_profile        TEXT,
  ade_profile_status TEXT,
  checked_at         TEXT NOT NULL,
  ade_checked_at     TEXT
) WITHOUT ROWID;
`,
};
