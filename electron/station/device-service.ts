import type { DeviceSummary } from '../api/device.js';
import type { ConnectedDevice } from '../device/watcher.js';
import { usbmuxdAddress } from '../device/usbmuxd-address.js';
import type { SupervisorIdentity } from '../staging/device-port.js';
import { cartView } from './cart-view.js';
import { readDevice } from './device-info.js';
import { persistFacts, toStorePort } from './device-records.js';
import type { StationCore } from './station-core.js';

/** As the registry's device events (registry.ts), so a slot's new occupant and its tile arrive together. */
const OCCUPANCY_COALESCE_MS = 50;

export type DeviceParts = Pick<StationCore, 'config' | 'store' | 'registry' | 'layer' | 'cart' | 'emit' | 'audit'>;

export interface DeviceHooks {
  identity: () => SupervisorIdentity | null;
  /** A newly attached device was read (and is still attached). */
  afterRead: (d: ConnectedDevice) => void;
  /** A device left; `before` is how the station saw it just before. */
  afterDetach: (d: ConnectedDevice, before: DeviceSummary | undefined) => void;
  /** Before the tile says disconnected (the runner lets go of the device). */
  onDetach: (udid: string) => void;
  /** A staging job is running on the device: it reads the device itself and tells the facts. */
  jobRunning?: (udid: string) => boolean;
}

/** The devices on the cart: attach and detach, reading a device's facts, pairing, slots. */
export class DeviceService {
  constructor(
    private readonly parts: DeviceParts,
    private readonly hooks: DeviceHooks,
  ) {}

  /** Follows the device watcher; call once, before the layer starts. */
  wire(): void {
    const w = this.parts.layer.watcher;
    w.on('attach', (d) => this.onAttach(d));
    w.on('detach', (d) => this.onDetach(d));
    // A job's pair step reads the device right after pairing and its device-facts event updates
    // the tile and the store: a second read here would only repeat those four requests.
    w.on('paired', (d) => {
      if (!this.hooks.jobRunning?.(d.udid)) this.readInBackground(d.udid);
    });
  }

  usbmuxd(): string {
    try {
      return usbmuxdAddress().text;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /**
   * Resolves once every device usbmuxd lists is in the registry with its identity read (or after
   * `timeoutMs`). It looks again whenever a device is attached, read or leaves, instead of polling:
   * a one-shot command (`cartwright devices`) returns the moment the last device is read.
   */
  async ready(timeoutMs = 10_000): Promise<void> {
    const listed = await this.parts.layer.context.transport.listDevices().catch(() => []);
    const settled = () =>
      listed.every((d) => {
        const s = this.parts.registry.get(d.udid);
        return s !== undefined && s.state !== 'connecting';
      });
    if (settled()) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.readingChanged.delete(check);
        resolve();
      };
      const check = () => {
        if (settled()) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.readingChanged.add(check);
    });
  }

  /** ready()'s waiters, told whenever a device starts or ends being read (the only way out of `connecting`). */
  private readonly readingChanged = new Set<() => void>();

  private announceReading(): void {
    for (const check of [...this.readingChanged]) check();
  }

  async refresh(udid: string): Promise<void> {
    const { registry, store } = this.parts;
    try {
      const reading = await readDevice(this.parts.layer, udid);
      // Closing: the store and the screens are going, and the reading may be a refused call's error.
      if (this.closed) return;
      if (reading.paired) {
        registry.applyFacts(reading.facts, true);
        persistFacts(store, reading.facts);
      } else {
        registry.update(udid, { ...reading.basic, paired: false });
      }
      registry.identified(udid, this.restingState(udid));
    } catch (e) {
      if (this.closed) return;
      registry.readFailed(udid, (e as Error).message);
    }
    this.announceReading();
  }

  /** Reads that nobody awaits (attach, pairing): kept so close can wait for them. */
  private readonly reads = new Set<Promise<void>>();

  /** Reads `udid` without blocking the watcher's event; `then` runs after it unless the station is closing. */
  private readInBackground(udid: string, then?: () => void): void {
    const read = this.refresh(udid)
      .then(() => {
        if (!this.closed) then?.();
      })
      .catch((e: unknown) => {
        // refresh records its own failures; this is a hook's (afterRead's) failure, shown, not thrown.
        this.parts.emit({ type: 'notice', level: 'warning', message: `Reading device ${udid} failed: ${(e as Error).message}` });
      })
      .finally(() => this.reads.delete(read));
    this.reads.add(read);
  }

  /** Pair one device now if it is not paired yet (the Trust dialog shows), outside any job. */
  async pair(udid: string): Promise<void> {
    const supervisor = this.hooks.identity();
    const trustTimeoutMs = this.parts.config.trustTimeoutMs;
    const result = await this.parts.layer.ensurePaired(udid, {
      ...(trustTimeoutMs === undefined ? {} : { trustTimeoutMs }),
      onPending: () => this.parts.registry.trustPending(udid, this.tapTrustText(udid)),
      ...(supervisor ? { supervisor: { certificate: supervisor.certificateDer, sign: (c: Buffer) => supervisor.sign(c) } } : {}),
    });
    if (result.status === 'already-paired') return;
    this.parts.audit('device.pair', udid, { status: result.status });
    this.parts.registry.reading(udid);
    await this.refresh(udid);
  }

  tapTrustText(udid: string): string {
    const slot = this.parts.registry.get(udid)?.slot;
    return slot ? `Tap Trust on the device in slot ${slot}` : 'Tap Trust on the device';
  }

  /** After a calibration or layout change, every connected device looks its slot up again, and the screens hear the new cart. */
  relocateAll(): void {
    const { cart, registry, store } = this.parts;
    for (const d of this.parts.layer.watcher.list()) {
      registry.update(d.udid, { slot: cart.slotFor(d.port) });
      store.devices.markConnected(d.udid, { ...toStorePort(d.port), slotId: cart.slotRecordFor(d.port)?.id ?? null });
    }
    this.cartChanged();
  }

  /** The `cart` event: the calibration wizard moves on by it, the kiosk and cart screens redraw from it. */
  private cartChanged(): void {
    this.cancelOccupancyEvent();
    this.parts.emit({ type: 'cart', cart: cartView(this.parts) });
  }

  private occupancyTimer: NodeJS.Timeout | null = null;

  /**
   * A device arrived in or left a slot: the cart view's occupants (and unknown ports) changed, so
   * a screen or script holding `cart.get`'s answer hears the new one. Coalesced like the device
   * events, so a whole cart plugged in at once costs one event, not one per device.
   */
  private occupancyChanged(): void {
    this.occupancyTimer ??= setTimeout(() => this.cartChanged(), OCCUPANCY_COALESCE_MS);
  }

  private cancelOccupancyEvent(): void {
    if (this.occupancyTimer) clearTimeout(this.occupancyTimer);
    this.occupancyTimer = null;
  }

  private closed = false;

  /** The station is closing: no cart event, no reading's result and no attach hook after this. */
  close(): void {
    this.closed = true;
    this.cancelOccupancyEvent();
  }

  /** Resolves when the reads still in flight at close have ended (after the device layer stopped, at once). */
  async drained(): Promise<void> {
    await Promise.allSettled([...this.reads]);
  }

  private restingState(udid: string): 'ready' | 'idle' {
    return this.parts.store.devices.get(udid)?.lastJobState === 'succeeded' ? 'ready' : 'idle';
  }

  private onAttach(d: ConnectedDevice): void {
    const { cart, registry, store } = this.parts;
    const calibrated = cart.onAttach(d.port);
    const slot = cart.slotFor(d.port);
    registry.attached(d.udid, { slot, portId: d.port.key === 'unknown' ? null : d.port.key });
    this.announceReading();
    store.devices.upsert({ udid: d.udid });
    store.devices.markConnected(d.udid, { ...toStorePort(d.port), slotId: cart.slotRecordFor(d.port)?.id ?? null });
    if (calibrated !== null) {
      this.cartChanged();
      this.parts.emit({ type: 'notice', level: 'info', message: `Slot ${calibrated} calibrated.` });
    } else this.occupancyChanged();
    this.readInBackground(d.udid, () => {
      // The device may have left again while it was being read.
      if (this.parts.layer.watcher.isAttached(d.udid)) this.hooks.afterRead(d);
    });
  }

  private onDetach(d: ConnectedDevice): void {
    // What the device was just before it left (ready, charged…): the flows judge the departure by it.
    const before = this.parts.registry.get(d.udid);
    this.hooks.onDetach(d.udid);
    this.parts.registry.detached(d.udid);
    this.announceReading();
    this.parts.store.devices.markDisconnected(d.udid);
    this.occupancyChanged();
    this.hooks.afterDetach(d, before);
  }
}
