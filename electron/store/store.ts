import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { openDatabase } from './database.js';
import type { MigrationReport } from './migrate.js';
import { AssignmentsRepo } from './repos/assignments-repo.js';
import { AuditRepo } from './repos/audit-repo.js';
import { BatchesRepo } from './repos/batches-repo.js';
import { BlueprintsRepo } from './repos/blueprints-repo.js';
import { CheckoutsRepo } from './repos/checkouts-repo.js';
import { DevicesRepo } from './repos/devices-repo.js';
import { JobsRepo } from './repos/jobs-repo.js';
import { DEFAULT_BACKOFF, OutboxRepo, type BackoffPolicy } from './repos/outbox-repo.js';
import { SettingsRepo } from './repos/settings-repo.js';
import { SlotsRepo } from './repos/slots-repo.js';
import { SyncRunsRepo } from './repos/sync-runs-repo.js';
import { UsersRepo } from './repos/users-repo.js';
import { StationLock } from './station-lock.js';
import { securePrivateDir, securePrivateFiles } from './private-files.js';
import { hasLegacyBadges, stationBadgeDigest, type BadgeDigest } from './badge-digest.js';
import { LockoutsRepo } from './repos/lockouts-repo.js';
import { MdmDevicesRepo } from './repos/mdm-devices-repo.js';
import { secretBoxFrom, type SecretBox } from './secret-box.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

export const DATABASE_FILE = 'cartwright.db';

export interface StoreOptions {
  clock?: Clock;
  outboxBackoff?: BackoffPolicy;
  busyTimeoutMs?: number;
  /** Seals the badge key (default: the headless passphrase or key file from the environment, if any). */
  secretBox?: () => SecretBox | null;
  /** Set by openStore from the data directory's badge key. */
  badgeDigest?: BadgeDigest;
}

/**
 * The station's one connection and its repositories. better-sqlite3 is synchronous and this is the
 * only writer, so "one writer" holds by construction; transaction() groups repository calls so a
 * local change and the outbox message reporting it commit together.
 */
export class Store {
  readonly devices: DevicesRepo;
  readonly slots: SlotsRepo;
  readonly blueprints: BlueprintsRepo;
  readonly batches: BatchesRepo;
  readonly jobs: JobsRepo;
  readonly users: UsersRepo;
  readonly assignments: AssignmentsRepo;
  readonly checkouts: CheckoutsRepo;
  readonly outbox: OutboxRepo;
  readonly syncRuns: SyncRunsRepo;
  readonly settings: SettingsRepo;
  readonly audit: AuditRepo;
  readonly lockouts: LockoutsRepo;
  readonly mdmDevices: MdmDevicesRepo;
  private checkpointer: WalCheckpointer | undefined;

  constructor(
    readonly db: Database.Database,
    readonly migration: MigrationReport,
    options: StoreOptions = {},
    private readonly lock?: StationLock,
  ) {
    const clock = options.clock ?? systemClock;
    this.devices = new DevicesRepo(db, clock);
    this.slots = new SlotsRepo(db, clock);
    this.blueprints = new BlueprintsRepo(db, clock);
    this.batches = new BatchesRepo(db, clock);
    this.jobs = new JobsRepo(db, clock);
    this.users = new UsersRepo(db, clock, options.badgeDigest);
    this.assignments = new AssignmentsRepo(db, clock);
    this.checkouts = new CheckoutsRepo(db, clock);
    this.outbox = new OutboxRepo(db, clock, options.outboxBackoff ?? DEFAULT_BACKOFF);
    this.syncRuns = new SyncRunsRepo(db, clock);
    this.settings = new SettingsRepo(db, clock);
    this.audit = new AuditRepo(db, clock);
    this.lockouts = new LockoutsRepo(db, clock);
    this.mdmDevices = new MdmDevicesRepo(db, clock);
  }

  /**
   * Runs fn in one write transaction (BEGIN IMMEDIATE, so it never has to upgrade a read lock).
   * Nested calls become savepoints. fn must be synchronous: a transaction cannot span an await.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** For a station that stages devices: the log's checkpoints leave this thread (wal-checkpointer.ts). */
  checkpointInBackground(): void {
    this.checkpointer ??= startWalCheckpointer(this.db);
  }

  /** Resolves once the background checkpoints (if any) have ended; close() then closes the last connection. */
  async stopBackgroundCheckpoints(): Promise<void> {
    await this.checkpointer?.stop();
  }

  /** Closes the database, then gives up the station lock. Safe to call twice. */
  close(): void {
    void this.checkpointer?.stop();
    if (this.db.open) this.db.close();
    this.lock?.release();
  }
}

/**
 * Opens the station's store in its data directory: takes the single-station lock (throwing
 * StationLockedError if another station has it), opens and migrates the database.
 */
export function openStore(dataDir: string, options: StoreOptions = {}): Store {
  securePrivateDir(dataDir);
  const lock = StationLock.acquire(dataDir);
  try {
    const { db, migration } = openDatabase(join(dataDir, DATABASE_FILE), {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    });
    // Everything the station keeps at the top of its folder: the database, the lock, sealed secrets.
    securePrivateFiles(dataDir);
    const badgeDigest = stationBadgeDigest(db, dataDir, options.secretBox ?? (() => secretBoxFrom()));
    // Badges kept in clear by an older schema are converted now, if the key opens; else on first use.
    if (hasLegacyBadges(db)) {
      try {
        badgeDigest('');
      } catch {
        // The badge key cannot be opened yet (no passphrase given): each badge use says why.
      }
    }
    return new Store(db, migration, { ...options, badgeDigest }, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}
