/**
 * The device layer as the station uses it: one watcher, one context, the station host identity,
 * and the operations the station calls (nothing else: a test that needs another device operation
 * calls it on `context`). Everything is built on the DeviceTransport seam, so the
 * staging engine and tests can pass a fake transport.
 */
import { CallGate } from './call-gate.js';
import type { DeviceContext } from './context.js';
import { DeviceConnections } from './device-connections.js';
import type { HostIdentity, HostIdentityStore } from './host-identity.js';
import { ensurePaired, type EnsurePairedResult, type PairOptions } from './pairing.js';
import { usbmuxdPortLocator, type PortLocator } from './port-identity.js';
import { activateDevice, readActivationState, type ActivateOptions, type ActivationPath, type ActivationState } from './services/activation.js';
import { readBattery } from './services/battery.js';
import { Diagnostics, type BatteryReport } from './services/diagnostics.js';
import { McInstall } from './services/mcinstall.js';
import { renameDevice } from './services/rename.js';
import { withService } from './services/device-service.js';
import { readSnapshot, type DeviceSnapshot } from './snapshot.js';
import type { DeviceTransport } from './transport-types.js';
import { DeviceWatcher } from './watcher.js';

export interface DeviceLayerOptions {
  transport: DeviceTransport;
  identity: HostIdentityStore;
  /** Port identity source; default: usbmuxd's Attached properties + the `usb` package. Null: none. */
  ports?: PortLocator | null;
  label?: string;
  holdMs?: number;
  /** How long a device's pooled lockdown session and service connections stay open unused (device-connections.ts). */
  idleMs?: number;
}

export type LayerPairOptions = Omit<PairOptions, 'identity'>;

/**
 * How long stop() waits for device calls still in flight once their connections are closed:
 * those end at once (HANDLE_CLOSED); this only bounds one on a device that stopped answering.
 */
const STOP_GRACE_MS = 3000;

export class DeviceLayer {
  readonly watcher: DeviceWatcher;
  readonly context: DeviceContext;
  /** One lockdown session (and reusable service connections) per device, across operations. */
  readonly connections: DeviceConnections;
  private readonly calls = new CallGate();

  constructor(private readonly options: DeviceLayerOptions) {
    this.watcher = new DeviceWatcher({
      transport: options.transport,
      ports: options.ports === null ? undefined : (options.ports ?? usbmuxdPortLocator()),
      ...(options.holdMs === undefined ? {} : { holdMs: options.holdMs }),
    });
    this.connections = new DeviceConnections(options.idleMs);
    this.context = { transport: options.transport, label: options.label ?? 'cartwright', presence: this.watcher, connections: this.connections, calls: this.calls };
    // A detached device's connections are dead, and so are those of a device usbmuxd re-ADDed
    // under a new DeviceID (usbmuxd closes a device's tunnels when it goes); it gets new ones.
    this.watcher.on('detach', (d) => void this.connections.dropDevice(d.udid));
    this.watcher.on('reattach', (d) => void this.connections.dropDevice(d.udid));
  }

  start(): void {
    this.watcher.start();
  }

  /**
   * In this order: no new device call (work a stopped job left behind is refused, not sent), the
   * pooled connections close (cutting what is in flight on them), the calls in flight settle, and
   * only then the watcher lets usbmuxd go. Callers of a refused or cut call get its error.
   */
  async stop(): Promise<void> {
    this.calls.close();
    await this.connections.closeAll();
    await this.calls.settled(STOP_GRACE_MS);
    await this.watcher.stop();
  }

  /** The station's host identity, read (and opened, when sealed) once per process; pairing reuses it. */
  hostIdentity(): Promise<HostIdentity> {
    return this.options.identity.load();
  }

  async ensurePaired(udid: string, options: LayerPairOptions = {}): Promise<EnsurePairedResult> {
    return ensurePaired(this.context, udid, { ...options, identity: await this.options.identity.load() });
  }

  snapshot(udid: string): Promise<DeviceSnapshot> {
    return readSnapshot(this.context, udid);
  }

  /** Opens MCInstall; the caller closes it (escalation lives on one connection). */
  mcinstall(udid: string): Promise<McInstall> {
    return McInstall.open(this.context, udid);
  }

  withMcInstall<T>(udid: string, work: (mc: McInstall) => Promise<T>): Promise<T> {
    return withService(this.context, udid, McInstall, work);
  }

  diagnostics(udid: string): Promise<Diagnostics> {
    return Diagnostics.open(this.context, udid);
  }

  /** IORegistry power source, else lockdown's battery domain (older models, refusing relays). */
  battery(udid: string): Promise<BatteryReport> {
    return readBattery(this.context, udid);
  }

  activationState(udid: string): Promise<ActivationState> {
    return readActivationState(this.context, udid);
  }

  /** Activates through Apple's activation server; null when the device was activated already. */
  activate(udid: string, options: ActivateOptions): Promise<ActivationPath | null> {
    return activateDevice(this.context, udid, options);
  }

  rename(udid: string, name: string): Promise<string> {
    return renameDevice(this.context, udid, name);
  }
}
