import type { DeviceTransport } from '../device/transport-types.js';
import type { OutboxWorkerOptions } from '../mdm/index.js';
import type { AuditSource } from '../store/repos/audit-repo.js';
import type { StoreOptions } from '../store/store.js';
import type { SecretSealer } from '../store/secret-box.js';
import type { FlowsOptions } from '../flows/station-flows.js';
import type { IdentitySource } from './supervisor.js';

export interface StationOptions {
  dataDir?: string;
  /** Devices staged at once (default 8). */
  concurrency?: number;
  identity?: IdentitySource;
  /** The device transport; default: the native addon. */
  transport?: DeviceTransport;
  trustTimeoutMs?: number;
  /** Who acts, for the audit log. */
  actor?: string;
  source?: AuditSource;
  /** Store tuning (tests: a short outbox back-off). */
  storeOptions?: StoreOptions;
  /** The MDM outbox worker's pacing (tests: short idle and outage pauses). */
  outbox?: Omit<OutboxWorkerOptions, 'logger'>;
  flows?: FlowsOptions;
  /**
   * Seals and opens station secrets (the identity's private key, MDM credentials) with the OS
   * keychain: the Electron shell's safeStorage. Headless hosts leave it out and use the
   * passphrase or key file from the environment.
   */
  secretSealer?: SecretSealer;
  /** The periodic MDM sync's interval; default the `mdm.syncIntervalMinutes` setting (15 minutes). */
  syncIntervalMs?: number;
  /** How often a long-lived station re-reads idle devices' batteries (default one minute). */
  batteryPollMs?: number;
}

/** The options once `Station.open` has filled in the defaults. */
export type ResolvedStationOptions = Required<Pick<StationOptions, 'dataDir' | 'concurrency' | 'actor' | 'source'>> & StationOptions;

export interface ActivateOptions {
  /** Resume the unfinished jobs of devices already attached, and turn the flows on (long-lived hosts). */
  resumeAttached: boolean;
  /**
   * Sync with the MDM now and then periodically (serve, the Electron shell). One-shot commands
   * (prepare, stage) leave it off: they exit long before the first interval.
   */
  periodicSync?: boolean;
}
