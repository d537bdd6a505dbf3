/**
 * DeviceWatcher: attach/detach/paired events and a consistent registry of connected devices.
 *
 * libusbmuxd reports a usbmuxd restart as REMOVE for every device, then ADD for each again once
 * it reconnects (docs/device-protocols.md §2.9). A technician must not see 32 devices vanish and
 * reappear, so a REMOVE is only a detach once usbmuxd confirms it (ListDevices no longer lists the
 * device). While usbmuxd is unreachable the devices are held, up to `holdMs`, and a re-ADD is
 * folded in silently.
 *
 * Only USB entries count (usb-only.ts). A Wi-Fi twin's ADD must not overwrite the USB DeviceID,
 * and its continued presence must not turn a USB REMOVE into "still listed": the confirmation
 * asks whether the UDID is still listed over USB.
 */
import { EventEmitter } from 'node:events';
import type { DevicePresence } from './context.js';
import { DeviceError, isDeviceError } from './errors.js';
import { fromTransportError } from './error-map.js';
import type { PortIdentity, PortLocator } from './port-identity.js';
import type { DeviceTransport, MuxEvent } from './transport-types.js';
import { isUsbEntry } from './usb-only.js';

export interface ConnectedDevice {
  udid: string;
  /** usbmuxd DeviceID of the current attachment. */
  handle: number;
  productId: number;
  connectionType: 'usb' | 'network';
  port: PortIdentity;
  attachedAt: Date;
  /** Set while a REMOVE awaits confirmation (e.g. usbmuxd restarting). */
  suspect: boolean;
}

export interface WatcherEvents {
  attach: [ConnectedDevice];
  detach: [ConnectedDevice];
  paired: [ConnectedDevice];
  /**
   * A connected device came back without a detach: usbmuxd re-ADDed it with a new DeviceID (a
   * REMOVE and ADD faster than the confirmation), or confirmed a REMOVE was not one. No attach
   * or detach is announced for it; this says the device's attachment changed.
   */
  reattach: [ConnectedDevice];
  /** usbmuxd connection state changes (down: devices are held, not dropped). */
  usbmuxd: ['up' | 'down'];
  error: [DeviceError];
}

export interface DeviceWatcherOptions {
  transport: DeviceTransport;
  ports?: PortLocator | undefined;
  /** How long devices are held while usbmuxd is unreachable (default 30 s). */
  holdMs?: number;
  /** How long to wait for port identity before announcing an attach anyway (default 3 s). */
  portTimeoutMs?: number;
}

const UNKNOWN_PORT: PortIdentity = { key: 'unknown' };

export class DeviceWatcher extends EventEmitter<WatcherEvents> implements DevicePresence {
  private readonly devices = new Map<string, ConnectedDevice>();
  /** ADDs whose port lookup is in flight. */
  private readonly arriving = new Map<string, MuxEvent>();
  private readonly detachWaiters = new Map<string, Set<() => void>>();
  private reconcileTimer: NodeJS.Timeout | null = null;
  private downSince: number | null = null;
  private running = false;
  private readonly holdMs: number;
  private readonly portTimeoutMs: number;

  constructor(private readonly options: DeviceWatcherOptions) {
    super();
    this.holdMs = options.holdMs ?? 30_000;
    this.portTimeoutMs = options.portTimeoutMs ?? 3000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.transport.subscribe((e) => this.onEvent(e));
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.reconcileTimer = null;
    await this.options.transport.unsubscribe();
    this.devices.clear();
    this.arriving.clear();
  }

  /** Connected devices, in attach order. */
  list(): ConnectedDevice[] {
    return [...this.devices.values()];
  }

  get(udid: string): ConnectedDevice | undefined {
    return this.devices.get(udid);
  }

  isAttached(udid: string): boolean {
    return this.devices.has(udid) || this.arriving.has(udid);
  }

  usbDeviceId(udid: string): number | undefined {
    const d = this.devices.get(udid);
    // A suspect device's DeviceID may be from before a usbmuxd restart; its ADD is still on the way.
    if (d) return d.suspect ? undefined : d.handle;
    return this.arriving.get(udid)?.handle;
  }

  onceDetached(udid: string, callback: () => void): () => void {
    let set = this.detachWaiters.get(udid);
    if (!set) this.detachWaiters.set(udid, (set = new Set()));
    set.add(callback);
    return () => set.delete(callback);
  }

  /** Resolves when `count` devices are connected (for start-up and tests). */
  waitForCount(count: number, timeoutMs = 30_000): Promise<void> {
    return this.waitFor(() => this.devices.size >= count, timeoutMs, `${count} devices`);
  }

  waitFor(predicate: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new DeviceError('TIMEOUT', { message: `Timed out waiting for ${what}.` }));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('attach', check);
        this.off('detach', check);
        this.off('usbmuxd', check);
      };
      this.on('attach', check);
      this.on('detach', check);
      this.on('usbmuxd', check);
    });
  }

  private onEvent(e: MuxEvent): void {
    if (!this.running || !isUsbEntry(e)) return;
    if (e.type === 'add') this.onAdd(e);
    else if (e.type === 'remove') this.onRemove(e);
    else {
      const d = this.devices.get(e.udid);
      if (d) this.emit('paired', d);
    }
  }

  private onAdd(e: MuxEvent): void {
    const known = this.devices.get(e.udid);
    if (known) {
      // A re-ADD after a usbmuxd restart or an unconfirmed REMOVE: same device, new DeviceID.
      known.handle = e.handle;
      known.suspect = false;
      this.emit('reattach', known);
      return;
    }
    if (this.arriving.has(e.udid)) {
      this.arriving.set(e.udid, e);
      return;
    }
    this.arriving.set(e.udid, e);
    void this.announce(e.udid);
  }

  private async announce(udid: string): Promise<void> {
    let port = UNKNOWN_PORT;
    if (this.options.ports) {
      const timeout = new Promise<null>((r) => setTimeout(() => r(null), this.portTimeoutMs).unref());
      const found = await Promise.race([this.options.ports.locate([udid]).catch(() => null), timeout]);
      port = found?.get(udid) ?? UNKNOWN_PORT;
    }
    const e = this.arriving.get(udid);
    this.arriving.delete(udid);
    if (!e || !this.running) return;
    const device: ConnectedDevice = {
      udid,
      handle: e.handle,
      productId: e.productId,
      connectionType: e.connectionType,
      port,
      attachedAt: new Date(),
      suspect: false,
    };
    this.devices.set(udid, device);
    this.emit('attach', device);
  }

  private onRemove(e: MuxEvent): void {
    if (this.arriving.delete(e.udid)) {
      this.notifyDetached(e.udid);
      return;
    }
    const d = this.devices.get(e.udid);
    if (!d) return;
    d.suspect = true;
    this.scheduleReconcile(50);
  }

  private scheduleReconcile(ms: number): void {
    if (this.reconcileTimer || !this.running) return;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = null;
      void this.reconcile();
    }, ms);
  }

  /** Confirms suspect devices against usbmuxd's own list. */
  private async reconcile(): Promise<void> {
    let listed: Set<string>;
    try {
      listed = new Set((await this.options.transport.listDevices()).filter(isUsbEntry).map((d) => d.udid));
    } catch (err) {
      if (!this.running) return;
      const e = fromTransportError(err);
      // An 'error' event nobody listens to throws (EventEmitter), which here would reject unhandled.
      if (!isDeviceError(e, 'USBMUXD_UNAVAILABLE') && this.listenerCount('error') > 0) this.emit('error', e);
      if (this.downSince === null) {
        this.downSince = Date.now();
        this.emit('usbmuxd', 'down');
      }
      if (Date.now() - this.downSince >= this.holdMs) {
        for (const d of this.list()) if (d.suspect) this.detach(d);
      }
      this.scheduleReconcile(1000);
      return;
    }
    // Stopped while usbmuxd answered: the devices are forgotten already, nothing to confirm.
    if (!this.running) return;
    if (this.downSince !== null) {
      this.downSince = null;
      this.emit('usbmuxd', 'up');
    }
    for (const d of this.list()) {
      if (!d.suspect) continue;
      if (listed.has(d.udid)) {
        d.suspect = false;
        this.emit('reattach', d);
      } else this.detach(d);
    }
  }

  private detach(d: ConnectedDevice): void {
    this.devices.delete(d.udid);
    this.notifyDetached(d.udid);
    this.emit('detach', d);
  }

  private notifyDetached(udid: string): void {
    const waiters = this.detachWaiters.get(udid);
    this.detachWaiters.delete(udid);
    for (const cb of waiters ?? []) cb();
  }
}
