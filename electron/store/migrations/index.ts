import { migration0001 } from './0001_initial.js';
import { migration0002 } from './0002_directory.js';
import { migration0003 } from './0003_outbox.js';
import { migration0004 } from './0004_settings_audit.js';
import { migration0005 } from './0005_mdm.js';
import { migration0006 } from './0006_kiosk_guard.js';
import { migration0007 } from './0007_audit_chain.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, in the order it is applied. Append only; never edit a shipped one. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007];
