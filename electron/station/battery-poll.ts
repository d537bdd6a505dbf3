import type { DeviceLayer } from '../device/device-layer.js';
import { withLockdown } from '../device/lockdown.js';
import { parseReply } from '../device/plist.js';
import { BATTERY_DOMAIN, batteryValuesSchema } from '../device/snapshot.js';
import type { DeviceRegistry } from './registry.js';

export const DEFAULT_BATTERY_POLL_MS = 60_000;

/**
 * Batteries change while devices sit on the cart: a long-lived station re-reads the battery domain
 * of every paired, idle device now and then, so tiles and kiosk picks show today's charge. Devices
 * being staged are skipped (their jobs read facts anyway), and one pass never overlaps the next.
 */
export class BatteryPoll {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;

  constructor(
    private readonly layer: DeviceLayer,
    private readonly registry: DeviceRegistry,
    private readonly busy: (udid: string) => boolean,
    private readonly intervalMs = DEFAULT_BATTERY_POLL_MS,
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

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
  }

  private async readAll(): Promise<void> {
    const targets = this.registry.list().filter((d) => d.connected && d.paired && !this.busy(d.udid));
    for (const d of targets) {
      try {
        const raw = await withLockdown(this.layer.context, d.udid, (ld) => ld.getValue(BATTERY_DOMAIN, null));
        const battery = parseReply(batteryValuesSchema, raw ?? {}, { udid: d.udid, what: 'battery values' });
        const level = battery.BatteryCurrentCapacity ?? null;
        const charging = battery.BatteryIsCharging ?? null;
        const now = this.registry.get(d.udid);
        if (now && (now.battery !== level || now.charging !== charging)) this.registry.update(d.udid, { battery: level, charging });
      } catch {
        // unplugged or busy: the next pass (or the next attach) reads it again
      }
    }
  }
}
