import type { DeviceSummary } from '../../api/device.js';
import type { PickCandidate } from '../index.js';
import { flowOf } from '../batches.js';
import type { StationParts } from '../parts.js';

export type PoolParts = Pick<StationParts, 'store' | 'registry' | 'layer' | 'runner' | 'batteries'>;

/**
 * The cart as a pool of shared devices: each connected device as a pick candidate, and fresh
 * battery readings (a level read minutes ago says little about a device someone just plugged in).
 */
export class DevicePool {
  constructor(
    private readonly station: PoolParts,
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

  /** Reads the battery now (null when the device does not answer), through the station's one battery monitor. */
  freshBattery(udid: string): Promise<number | null> {
    return this.station.batteries.read(udid);
  }

  /** How old the tile's battery level is (ms); Infinity when it was never read. */
  batteryAge(udid: string): number {
    return this.station.batteries.age(udid);
  }

  /** Refreshes the stalest readings of idle staged devices (a background sweep, a few at a time). */
  async refreshStalest(count: number): Promise<void> {
    const idle = this.candidates().filter((c) => c.connected && c.staged && c.healthy && !c.checkedOut && !c.reserved && !this.station.runner.isRunning(c.udid));
    await this.station.batteries.refreshStalest(idle.map((c) => c.udid), count);
  }

  forget(udid: string): void {
    this.station.batteries.forget(udid);
  }
}
