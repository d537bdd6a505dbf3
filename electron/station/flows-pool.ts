import type { DeviceSummary } from '../api/device.js';
import type { PickCandidate } from '../staging/flows/index.js';
import { withTimeout } from './flows-common.js';
import { flowOf } from './flow-batches.js';
import type { Station } from './station.js';

const BATTERY_READ_TIMEOUT_MS = 10_000;

/**
 * The cart as a pool of shared devices: each connected device as a pick candidate, and fresh
 * battery readings (a level read minutes ago says little about a device someone just plugged in).
 */
export class DevicePool {
  private readonly readAt = new Map<string, number>();

  constructor(
    private readonly station: Station,
    private readonly busy: { isReserved(udid: string): boolean; isRestaging(udid: string): boolean },
  ) {}

  /** `seen`: the tile as it was (a device that just left is judged by how it was on the cart). */
  candidate(udid: string, seen?: DeviceSummary): PickCandidate {
    const s = this.station;
    const live = seen ?? s.registry.get(udid);
    const stored = s.store.devices.get(udid);
    const attached = s.layer.watcher.list().find((d) => d.udid === udid);
    const flow = flowOf(s, udid);
    // Staged for one person (Standard, Advanced, or a registration made by hand): never in the shared pool.
    const personal = flow === 'single-user-standard' || flow === 'single-user-advanced' || (flow === null && stored !== undefined && s.store.assignments.current({ udid, serial: stored.serial })?.kind === 'registration');
    return {
      udid,
      slot: live?.slot ?? null,
      connected: attached !== undefined,
      staged: stored?.lastJobState === 'succeeded' && !s.runner.isRunning(udid) && !this.busy.isRestaging(udid),
      healthy: !!live && live.state === 'ready' && live.error === null && live.paired && live.enrollmentType === 'device',
      personal,
      checkedOut: s.store.checkouts.activeForDevice(udid) !== undefined,
      reserved: this.busy.isReserved(udid),
      battery: live?.battery ?? null,
      onChargeSince: attached ? attached.attachedAt.getTime() : null,
    };
  }

  candidates(): PickCandidate[] {
    return this.station.layer.watcher.list().map((d) => this.candidate(d.udid));
  }

  /** Reads the battery now (null when the device does not answer) and shows it on the tile. */
  async freshBattery(udid: string): Promise<number | null> {
    try {
      const report = await withTimeout(this.station.layer.battery(udid), BATTERY_READ_TIMEOUT_MS, 'The battery reading');
      this.readAt.set(udid, Date.now());
      this.station.registry.update(udid, { battery: report.level, charging: report.charging });
      this.station.store.devices.upsert({ udid, batteryLevel: report.level, batteryCharging: report.charging });
      return report.level;
    } catch {
      return null;
    }
  }

  /** How old the tile's battery level is (ms); Infinity when it was never read by the pool. */
  batteryAge(udid: string): number {
    const at = this.readAt.get(udid);
    return at === undefined ? Number.POSITIVE_INFINITY : Date.now() - at;
  }

  /** Refreshes the stalest readings of idle staged devices (a background sweep, a few at a time). */
  async refreshStalest(count: number): Promise<void> {
    const idle = this.candidates().filter((c) => c.connected && c.staged && c.healthy && !c.checkedOut && !c.reserved && !this.station.runner.isRunning(c.udid));
    idle.sort((a, b) => this.batteryAge(b.udid) - this.batteryAge(a.udid));
    for (const c of idle.slice(0, count)) await this.freshBattery(c.udid);
  }

  forget(udid: string): void {
    this.readAt.delete(udid);
  }
}
