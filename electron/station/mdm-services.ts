import { adeWarning, createConnector, describeMdmConfig, MdmError, OutboxWorker, type AdeFacts, type MdmConnector, type MdmDevice, type MdmUser, type OutboxWorkerOptions } from '../mdm/index.js';
import { errorInfo } from '../staging/error-info.js';
import type { MdmDeviceRecord, SyncRun } from '../store/index.js';
import type { SecretBox } from '../store/secret-box.js';
import type { Store } from '../store/store.js';
import { StationSyncLoop, SYNC_INTERVAL_SETTING, syncIntervalMs } from './sync-schedule.js';

/** What the MDM says about one serial: its device record, its ADE assignment (or why it cannot say), and the sync's cache. */
export interface MdmDeviceLookup {
  serial: string;
  device: MdmDevice | undefined;
  ade: (AdeFacts & { warning: string | null }) | { notSupported: string };
  cached: MdmDeviceRecord | undefined;
}

export interface MdmServicesOptions {
  store: Store;
  secretBox: () => SecretBox;
  outbox?: Omit<OutboxWorkerOptions, 'logger'>;
  /** Fixed interval (tests); default the `mdm.syncIntervalMinutes` setting. */
  syncIntervalMs?: number;
  warn: (message: string) => void;
}

/**
 * The station's link to its MDM: the connector from the settings, the outbox worker that drains
 * MDM messages while the station stages, and the sync (periodic for long-lived hosts, or on demand;
 * never two passes at once).
 */
export class MdmServices {
  outbox: OutboxWorker | null = null;
  private syncLoop: StationSyncLoop | null = null;
  private periodic = false;
  private closing = false;

  constructor(private readonly o: MdmServicesOptions) {}

  kind(): string {
    return describeMdmConfig(this.o.store).kind;
  }

  /** The MDM connector from the station's settings (the embedded local directory when none is set). */
  connector(): MdmConnector {
    return createConnector(this.o.store, { secretBox: this.o.secretBox });
  }

  /** The MDM's own directory, searched live. */
  searchUsers(query: string): Promise<MdmUser[]> {
    return this.connector().searchUsers(query);
  }

  /** The device by serial from the MDM, with its ADE facts; an MDM that has no ADE view says so instead of failing. */
  async lookupDevice(serial: string): Promise<MdmDeviceLookup> {
    const connector = this.connector();
    const device = await connector.getDeviceBySerial(serial);
    let ade: MdmDeviceLookup['ade'];
    try {
      const facts = await connector.adeFacts(serial);
      ade = { ...facts, warning: facts.assigned ? adeWarning(facts) : null };
    } catch (error) {
      if (!(error instanceof MdmError) || error.retryable) throw error;
      ade = { notSupported: error.message };
    }
    return { serial, device, ade, cached: this.o.store.mdmDevices.get(serial) };
  }

  /**
   * Delivers what waits in the outbox now: through the running worker when staging is active, else
   * a worker for this pass (a one-shot host). Claims are atomic in the store, so the two never send
   * one message twice.
   */
  deliver(rounds: number): Promise<{ delivered: number; failed: number; dead: number }> {
    const worker = this.outbox ?? new OutboxWorker(this.o.store, this.connector(), this.o.outbox ?? {});
    return worker.drain(rounds);
  }

  schedule(): { running: boolean; intervalMs: number } {
    return { running: this.syncLoop?.running ?? false, intervalMs: this.o.syncIntervalMs ?? syncIntervalMs(this.o.store) };
  }

  startOutbox(): void {
    if (this.outbox) return;
    try {
      this.outbox = new OutboxWorker(this.o.store, this.connector(), this.o.outbox ?? {});
      this.outbox.start();
    } catch (e) {
      // e.g. MDM credentials sealed with a passphrase this process was not given: stage anyway,
      // the messages wait in the outbox, and the technician is told why.
      this.o.warn(`MDM messages are queued but not sent: ${errorInfo(e).message}`);
    }
  }

  startPeriodicSync(): void {
    if (this.periodic) return;
    this.periodic = true;
    try {
      this.syncLoop ??= new StationSyncLoop(this.o.store, this.connector(), this.schedule().intervalMs);
      this.syncLoop.start();
    } catch (e) {
      this.o.warn(`The MDM is not synced: ${errorInfo(e).message}`);
    }
  }

  /** A sync pass now; joins the periodic one when it is already running. */
  syncNow(): Promise<SyncRun> {
    if (this.closing) return Promise.reject(Object.assign(new Error('The station is closing.'), { code: 'CONFLICT' }));
    this.syncLoop ??= new StationSyncLoop(this.o.store, this.connector(), this.schedule().intervalMs);
    return this.syncLoop.runNow('manual');
  }

  /** Stores the periodic sync's interval and, when the sync runs, restarts it on the new one. */
  async setSyncInterval(minutes: number): Promise<{ running: boolean; intervalMs: number }> {
    this.o.store.settings.set(SYNC_INTERVAL_SETTING, minutes);
    await this.restartSync();
    return this.schedule();
  }

  /** After the MDM configuration changed: the outbox and the sync were built with the old connector. */
  async reconnect(): Promise<void> {
    const outboxWasRunning = this.outbox !== null;
    await this.outbox?.stop();
    this.outbox = null;
    await this.restartSync();
    if (outboxWasRunning) this.startOutbox();
  }

  /** The station is closing: no new sync pass starts (close() then settles what runs). */
  beginClose(): void {
    this.closing = true;
  }

  /** Wakes the outbox worker when a message is waiting (none before staging is active). */
  wake(): void {
    this.outbox?.wake();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.outbox?.stop();
    await this.syncLoop?.settle();
  }

  private async restartSync(): Promise<void> {
    await this.syncLoop?.settle();
    this.syncLoop = null;
    if (this.periodic) {
      this.periodic = false;
      this.startPeriodicSync();
    }
  }
}
