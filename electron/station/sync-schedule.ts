import { SyncLoop } from '../mdm/index.js';
import type { Store, SyncRun, SyncTrigger } from '../store/index.js';

/** Settings key of the periodic MDM sync's interval, in minutes. */
export const SYNC_INTERVAL_SETTING = 'mdm.syncIntervalMinutes';
export const DEFAULT_SYNC_MINUTES = 15;
/** Shorter than a minute would hammer the MDM's rate limits; longer than a day lets the cache rot. */
const MIN_MINUTES = 1;
const MAX_MINUTES = 24 * 60;

/** The interval the operator chose (a number of minutes in the settings), or the default. */
export function syncIntervalMs(store: Store): number {
  const raw = store.settings.get(SYNC_INTERVAL_SETTING);
  const minutes = typeof raw === 'number' && Number.isFinite(raw) ? Math.min(MAX_MINUTES, Math.max(MIN_MINUTES, raw)) : DEFAULT_SYNC_MINUTES;
  return minutes * 60_000;
}

/**
 * SyncLoop, plus what closing a station needs: the pass in flight, so close() lets it finish
 * (within a bound) instead of closing the store under it and leaving its run "running" for ever.
 */
export class StationSyncLoop extends SyncLoop {
  private inFlight: Promise<unknown> = Promise.resolve();
  private started = false;

  get running(): boolean {
    return this.started;
  }

  override start(): void {
    this.started = true;
    super.start();
  }

  override runNow(trigger: SyncTrigger = 'manual'): Promise<SyncRun> {
    const pass = super.runNow(trigger);
    this.inFlight = pass.catch(() => undefined);
    return pass;
  }

  /** Stops the timer and waits (at most `graceMs`) for a pass already running. */
  async settle(graceMs = 5_000): Promise<void> {
    this.started = false;
    this.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.inFlight, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
}
