import type { JsonValue, Store, SyncRun, SyncTrigger } from '../store/index.js';
import type { MdmConnector } from './connector.js';
import { MdmError, NotSupportedError } from './errors.js';
import { adeWarning } from './ade.js';
import { keptCredentials, mergeDirectoryUser } from './directory-merge.js';
import { expiryWarnings, loadExpiry } from './expiry.js';
import { normalSerial } from '../store/index.js';
import type { MdmDevice } from './types.js';

export interface SyncOptions {
  trigger?: SyncTrigger;
  signal?: AbortSignal;
  /** Bound on devices looked up per run (the MDM's rate limits; a cart is tens of devices). */
  maxDevices?: number;
  now?: () => Date;
}

interface Stats {
  users?: number;
  usersRemoved?: number;
  /** MDM users whose station-assigned badge or PIN survived the refresh. */
  credentialsKept?: number;
  checked: number;
  enrolled: number;
  notEnrolled: number;
  reassigned: { serial: string; from: string; to: string }[];
  adeAssigned: string[];
  warnings: string[];
  errors: string[];
}

/** Connectors that can list all their devices in one paginated call (Meraki) spare per-serial look-ups. */
interface BulkLister {
  listDevices(signal?: AbortSignal): Promise<MdmDevice[]>;
}
const canList = (c: MdmConnector): c is MdmConnector & BulkLister => typeof (c as Partial<BulkLister>).listDevices === 'function';

/**
 * One sync pass, recorded in mdm_sync_runs: refresh the user cache from the MDM (keeping the
 * badges and PIN hashes stored at the station: directory-merge.ts), confirm the
 * enrollment of every device the station staged (by serial), notice when the MDM's user for a
 * device changed (Single User Standard reassignment: the first user to sign in takes it), pull ADE
 * facts, and warn about tokens and certificates close to expiry. One failing part makes the run
 * `partial`, not lost.
 */
export async function runSync(store: Store, connector: MdmConnector, options: SyncOptions = {}): Promise<SyncRun> {
  const now = options.now ?? (() => new Date());
  const run = store.syncRuns.start(connector.kind, options.trigger ?? 'manual');
  const stats: Stats = { checked: 0, enrolled: 0, notEnrolled: 0, reassigned: [], adeAssigned: [], warnings: [], errors: [] };
  const cache = store.mdmDevices.withClock(now);
  const signal = options.signal;
  const fail = (part: string, error: unknown): void => {
    stats.errors.push(`${part}: ${error instanceof MdmError ? error.describe() : (error as Error).message}`);
  };

  if (connector.kind !== 'local') {
    try {
      const users = await connector.listUsers(signal);
      // Read and replace in one transaction, so a badge assigned meanwhile is not lost.
      store.transaction(() => {
        const cached = new Map(store.users.list().map((u) => [u.id, u]));
        stats.usersRemoved = store.users.replaceSource('mdm', users.map((u) => mergeDirectoryUser(u, cached.get(u.id))));
        stats.credentialsKept = users.filter((u) => keptCredentials(u, cached.get(u.id))).length;
      });
      stats.users = users.length;
    } catch (error) {
      fail('users', error);
    }
  }

  const staged = store.devices
    .list()
    .filter((d) => d.serial && d.enrollmentType === 'device')
    .slice(0, options.maxDevices ?? 500);
  let bulk: Map<string, MdmDevice> | undefined;
  if (canList(connector) && staged.length > 0) {
    try {
      bulk = new Map((await connector.listDevices(signal)).map((d) => [normalSerial(d.serial), d]));
    } catch (error) {
      fail('devices', error);
    }
  }
  let adeSupported = true;
  for (const device of staged) {
    if (signal?.aborted) break;
    const serial = normalSerial(device.serial as string);
    try {
      const before = cache.get(serial);
      const found = bulk ? bulk.get(serial) : await connector.getDeviceBySerial(serial, signal);
      stats.checked++;
      if (found?.enrollment === 'enrolled') stats.enrolled++;
      else stats.notEnrolled++;
      store.transaction(() => {
        cache.recordLookup(serial, device.udid, found);
        const to = found?.userId ?? found?.username ?? null;
        const from = before?.userId ?? before?.username ?? null;
        if (found && from && to && from !== to && connector.kind !== 'local') {
          stats.reassigned.push({ serial, from, to });
          store.assignments.assign({ udid: device.udid, serial }, to, 'first-user');
          store.audit.append({ actor: connector.kind, source: 'system', action: 'mdm.reassigned', udid: device.udid, serial, details: { from, to, username: found.username } });
        }
      });
    } catch (error) {
      fail(`device ${serial}`, error);
    }
    if (!adeSupported) continue;
    try {
      const facts = await connector.adeFacts(serial, signal);
      cache.recordAde(facts);
      if (facts.assigned) {
        stats.adeAssigned.push(serial);
        stats.warnings.push(adeWarning(facts));
      }
    } catch (error) {
      if (error instanceof NotSupportedError) adeSupported = false;
      else if (error instanceof MdmError && error.code === 'INVALID_INPUT') adeSupported = false;
      else fail(`ADE ${serial}`, error);
    }
  }

  stats.warnings.push(...expiryWarnings(loadExpiry(store), now()).map((w) => w.message));
  const parts = 2 + staged.length;
  const state = stats.errors.length === 0 ? 'succeeded' : stats.errors.length >= parts ? 'failed' : 'partial';
  return store.syncRuns.finish(run.id, { state, stats: stats as unknown as Record<string, JsonValue>, error: stats.errors[0] ?? null });
}

/** Periodic sync with on-demand runs; never two passes at once. */
export class SyncLoop {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<SyncRun> | undefined;

  constructor(
    private readonly store: Store,
    private readonly connector: MdmConnector,
    private readonly intervalMs = 15 * 60_000,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.runNow('startup').catch(() => undefined);
    this.timer = setInterval(() => void this.runNow('periodic').catch(() => undefined), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs a pass now, or joins the one already running. */
  runNow(trigger: SyncTrigger = 'manual'): Promise<SyncRun> {
    this.current ??= runSync(this.store, this.connector, { trigger }).finally(() => (this.current = undefined));
    return this.current;
  }
}
