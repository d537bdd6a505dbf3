import type { DeviceLayer } from '../device/device-layer.js';
import type { Store } from '../store/store.js';
import type { DeviceRegistry } from './registry.js';

export const DEFAULT_BATTERY_POLL_MS = 60_000;
const READ_TIMEOUT_MS = 10_000;

/**
 * The station's one battery monitor. Batteries change while devices sit on the cart: a long-lived
 * station re-reads every paired, idle device now and then, so tiles and kiosk picks show today's
 * charge; the kiosk asks for a fresh reading of the device it is about to hand out. Every reading
 * goes the same way — the device layer's battery read (IORegistry power source, else lockdown's
 * battery domain) — and lands on the tile and in the devices table. Devices being staged are
 * skipped by the periodic pass (their jobs read facts anyway); one pass never overlaps the next.
 */
export class BatteryPoll {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private readonly readAt = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly layer: DeviceLayer,
    private readonly registry: DeviceRegistry,
    private readonly busy: (udid: string) => boolean,
    private readonly intervalMs = DEFAULT_BATTERY_POLL_MS,
    private readonly store: Store | null = null,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass over the cart; joins the running one. */
  runOnce(): Promise<void> {
    this.pass ??= this.readAll().finally(() => (this.pass = null));
    return this.pass;
  }

  /** Ends the pass in flight after its current device (a silent one could hold close for READ_TIMEOUT_MS each). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
  }

  /** Reads the battery now and shows it on the tile; null when the device does not answer. */
  async read(udid: string): Promise<number | null> {
    try {
      const report = await timeout(this.layer.battery(udid), READ_TIMEOUT_MS);
      this.readAt.set(udid, Date.now());
      const now = this.registry.get(udid);
      if (now && (now.battery !== report.level || now.charging !== report.charging)) this.registry.update(udid, { battery: report.level, charging: report.charging });
      this.store?.devices.upsert({ udid, batteryLevel: report.level, batteryCharging: report.charging });
      return report.level;
    } catch {
      // unplugged or busy: the next pass (or the next attach) reads it again
      return null;
    }
  }

  /** How old the tile's battery level is (ms); Infinity when this monitor never read it. */
  age(udid: string): number {
    const at = this.readAt.get(udid);
    return at === undefined ? Number.POSITIVE_INFINITY : Date.now() - at;
  }

  /** Refreshes the stalest of these devices (a background sweep, a few at a time). */
  async refreshStalest(udids: string[], count: number): Promise<void> {
    const stalest = [...udids].sort((a, b) => this.age(b) - this.age(a)).slice(0, count);
    for (const udid of stalest) await this.read(udid);
  }

  forget(udid: string): void {
    this.readAt.delete(udid);
  }

  private async readAll(): Promise<void> {
    const targets = this.registry.list().filter((d) => d.connected && d.paired && !this.busy(d.udid));
    for (const d of targets) {
      if (this.stopped) return;
      await this.read(d.udid);
    }
  }
}

function timeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The battery reading did not answer in ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
