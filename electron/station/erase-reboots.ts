/**
 * Knows, per device, that this station sent EraseDevice and the device has not come back yet.
 * A device acknowledges (or drops the connection) and only then goes down, so right after the
 * request it is usually still attached: "attached" alone cannot mean "back after the erase".
 * It is back once the watcher saw it detach and attach again, or once usbmuxd gives it a new
 * DeviceID (a REMOVE and re-ADD faster than the watcher's confirmation reads as one device: the
 * watcher's `reattach`). Waiters are woken by those events; nothing polls.
 */
import { DeviceError } from '../device/errors.js';
import type { ConnectedDevice, DeviceWatcher } from '../device/watcher.js';

interface Marker {
  /** usbmuxd's DeviceID when the erase was sent; every attach gets a new one. */
  handle: number | null;
  detached: boolean;
}

export class EraseReboots {
  private readonly markers = new Map<string, Marker>();
  private readonly waiters = new Set<() => void>();

  constructor(private readonly watcher: Pick<DeviceWatcher, 'get' | 'on'>) {
    watcher.on('detach', (d: ConnectedDevice) => {
      const m = this.markers.get(d.udid);
      if (m) m.detached = true;
      this.wake();
    });
    watcher.on('attach', () => this.wake());
    watcher.on('reattach', () => this.wake());
  }

  /** Call before sending EraseDevice. */
  expect(udid: string): void {
    this.markers.set(udid, { handle: this.watcher.get(udid)?.handle ?? null, detached: false });
  }

  /** The erase was refused: no reboot is coming. */
  cancel(udid: string): void {
    this.markers.delete(udid);
  }

  pending(udid: string): boolean {
    this.settle(udid);
    return this.markers.has(udid);
  }

  /** Resolves once the device is attached and, after an erase, has been away and come back. */
  waitForReturn(udid: string, timeoutMs: number): Promise<void> {
    if (this.ready(udid)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!this.ready(udid)) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new DeviceError('TIMEOUT', { udid, message: 'The device did not come back after restarting.', remedy: 'Check that it is on the cart and switched on; plug it back in.' }));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  private ready(udid: string): boolean {
    this.settle(udid);
    const d = this.watcher.get(udid);
    return !this.markers.has(udid) && d !== undefined && !d.suspect;
  }

  /** Clears the marker once the device is back. */
  private settle(udid: string): void {
    const m = this.markers.get(udid);
    const d = this.watcher.get(udid);
    if (!m || !d || d.suspect) return;
    if (m.detached || (m.handle !== null && d.handle !== m.handle)) this.markers.delete(udid);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
