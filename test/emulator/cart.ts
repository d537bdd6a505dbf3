import type { Socket } from 'node:net';
import { ActivationAuthority } from './activation-server/authority.js';
import type { CartContext, CmsVerifier, RebootKind } from './context.js';
import { Battery } from './device/battery.js';
import { LEGACY_MODEL, findModel } from './device/catalog.js';
import { wipeMediaFs } from './services/afc-fs.js';
import { VirtualDevice, type EraseReply, type TrustMode } from './device/device.js';
import { KeyPool } from './device/keys.js';
import { applyStateFault } from './device/state-faults.js';
import { generateIdentity, generatePopulation, slotFor, type DeviceIdentity } from './device/population.js';
import { viewOf, type DeviceView } from './device/view.js';
import { FaultRegistry, faultInputSchema, requestFaultSchema, randomFaultSchema, stateFaultSchema, type FaultInput, type StateFaultKind } from './faults.js';
import { Latency, type LatencyMode } from './latency.js';
import { serveLockdown } from './lockdown/connection.js';
import { trustModeChanged } from './lockdown/trust-dialog.js';
import { completeSetupAssistant, verifyCmsSignature } from './mcinstall/index.js';
import { Rng } from './rng.js';
import { serveService } from './services/registry.js';
import { StateFile } from './state-file.js';
import { NetworkTwins } from './usbmux/network-twin.js';
import { PairRecordStore } from './usbmux/pair-records.js';
import { ProtocolCounters } from './protocol-counters.js';
import { UsbmuxdPreflight } from './usbmux/preflight.js';
import type { MuxBackend, TunnelHandler } from './usbmux/server.js';
import type { PlistDict } from './plist-codec.js';

export const LOCKDOWN_PORT = 62078;

export type InitialTrust = TrustMode | 'passcode';

export interface CartOptions {
  devices?: number;
  seed?: number | string;
  latency?: LatencyMode;
  timeScale?: number;
  /**
   * What the person answers at the Trust dialog ('passcode': the screen is locked). 'pending',
   * 'deny' and 'passcode' describe a device that has been set up: the dialog and a passcode lock
   * exist only past Setup Assistant (a device in Setup pairs at once, lockdown/pairing.ts), so such
   * devices start Activated with Setup Assistant completed. Default 'accept': the device stays as
   * `activated` says, in Setup Assistant.
   */
  trust?: InitialTrust;
  /** Make the last device an iOS 9.3.5 iPad (TLS 1.0 path). */
  legacyDevice?: boolean;
  /**
   * Devices start activated, in Setup Assistant (the population before host-side activation).
   * Default false: new and erased devices wait at Hello, Unactivated, as out of the box.
   */
  activated?: boolean;
  /** How every device ends MCInstall EraseDevice (default 'ack'; see EraseReply). */
  eraseReply?: EraseReply;
  /** Keeps usbmuxd pair records and device-side state across runs. */
  stateFile?: string;
  /** RSA key pool file; null = no cache (keys made per run). */
  keyCacheFile?: string | null;
  log?: (line: string) => void;
  /** The first N devices are also listed over Wi-Fi (usbmux/network-twin.ts). */
  networkTwins?: number;
  /** Behave like Linux usbmuxd's preflight: pair with every device itself, fresh keys (usbmux/preflight.ts). */
  usbmuxdAutoPair?: boolean;
}

export interface AddDeviceOptions {
  productType?: string;
  productVersion?: string;
  name?: string;
  /**
   * Report this SerialNumber instead of a generated one: any string, including ones no real device
   * sends (`../../x`), so tests can play a hostile device against the station's boundary checks.
   */
  serial?: string;
  /** As CartOptions.trust: anything but 'accept' makes a set-up, activated device. */
  trust?: InitialTrust;
  /** Start unplugged. */
  unplugged?: boolean;
  eraseReply?: EraseReply;
  faults?: StateFaultKind[];
}

/** The devices, their hot-plug life and the host-side usbmuxd state; protocol front ends sit on top. */
export class Cart implements CartContext, MuxBackend {
  readonly latency: Latency;
  readonly faults = new FaultRegistry();
  readonly keys: KeyPool;
  readonly activation = new ActivationAuthority();
  readonly pairRecords: PairRecordStore;
  readonly protocolCounters = new ProtocolCounters();
  private readonly list: VirtualDevice[] = [];
  private readonly byUdid = new Map<string, VirtualDevice>();
  private readonly rebootTimers = new Map<VirtualDevice, NodeJS.Timeout>();
  private readonly rng: Rng;
  private readonly stateFile: StateFile | null;
  private nextDeviceId = 1;
  private added = 0;
  private stopped = false;
  private readonly preflight: UsbmuxdPreflight | null;
  /** Attached, but not listed until usbmuxd's own preflight has finished with them. */
  private readonly preflighting = new Set<VirtualDevice>();
  /** Set by the usbmuxd front end: pushes Attached/Detached/Paired to listeners. */
  notify: (body: PlistDict) => void = () => undefined;
  private readonly twins = new NetworkTwins({
    nextDeviceId: () => this.nextDeviceId++,
    notify: (body) => this.notify(body),
    log: (udid, message) => this.log(udid, message),
  });

  constructor(private readonly options: CartOptions) {
    const seed = options.seed ?? 1;
    this.rng = new Rng(`cart:${seed}`);
    this.latency = new Latency(options.latency ?? 'none', options.timeScale ?? 1, seed);
    this.keys = new KeyPool(options.keyCacheFile === undefined ? undefined : options.keyCacheFile);
    this.stateFile = options.stateFile ? new StateFile(options.stateFile) : null;
    this.pairRecords = new PairRecordStore(this.rng.uuid(), () => this.changed());
    const identities = generatePopulation(options.devices ?? 0, { seed, legacyDevice: options.legacyDevice ?? false });
    for (const identity of identities) this.create(identity, options.trust ?? 'accept');
    this.stateFile?.restore(this.pairRecords, this.byUdid);
    this.preflight = options.usbmuxdAutoPair
      ? new UsbmuxdPreflight({ ctx: this, buid: () => this.buid(), readPairRecord: (u) => this.readPairRecord(u), savePairRecord: (u, data, id) => this.savePairRecord(u, data, id) })
      : null;
    for (const d of this.list) this.attach(d);
    for (const d of this.list.slice(0, options.networkTwins ?? 0)) this.twins.announce(d);
  }

  // ——— CartContext ———

  now(): number {
    return Date.now();
  }

  log(udid: string, message: string): void {
    this.options.log?.(`${udid.slice(0, 13)} ${message}`);
  }

  muxLog(message: string): void {
    this.options.log?.(message);
  }

  changed(): void {
    this.stateFile?.scheduleSave(this.pairRecords, this.list);
  }

  unplug(device: VirtualDevice): void {
    this.cancelReboot(device);
    this.detach(device);
  }

  reboot(device: VirtualDevice, kind: RebootKind): void {
    if (this.rebootTimers.has(device) || !device.connected) return;
    this.detach(device);
    // A rebooting device leaves Wi-Fi too; an erased one also forgets the network.
    this.twins.hide(device);
    if (kind === 'erase') device.networkTwinWanted = false;
    if (kind === 'erase') device.eraseContentAndSettings();
    if (kind === 'erase') wipeMediaFs(device);
    this.changed();
    const delay =
      kind === 'erase' ? this.latency.eraseReboot() : kind === 'shutdown' ? this.latency.shutdownReboot() : this.latency.restartReboot();
    this.log(device.udid, `${kind}: back in ${delay} ms`);
    const timer = setTimeout(() => {
      this.rebootTimers.delete(device);
      if (!this.stopped) this.attach(device);
    }, delay);
    this.rebootTimers.set(device, timer);
  }

  cmsVerifier(): Promise<CmsVerifier | null> {
    return Promise.resolve(verifyCmsSignature);
  }

  // ——— MuxBackend ———

  attached(): { deviceId: number; properties: PlistDict }[] {
    const usb = this.list.filter((d) => d.connected && !this.preflighting.has(d)).map((d) => ({ deviceId: d.deviceId, properties: propertiesOf(d) }));
    return [...usb, ...this.twins.attached(this.list)];
  }

  attachedIds(): string {
    let ids = '';
    for (const d of this.list) if (d.connected && !this.preflighting.has(d)) ids += `${d.deviceId},`;
    for (const d of this.list) if (d.networkTwin) ids += `${d.networkTwin.deviceId},`;
    return ids;
  }

  openPort(deviceId: number, port: number): TunnelHandler | 'no-device' | 'refused' {
    const usbDevice = this.list.find((d) => d.connected && d.deviceId === deviceId);
    // macOS usbmuxd proxies a Connect to a Network entry over Wi-Fi; pymobiledevice3 usbmux.py
    // MuxDevice.connect relies on it. libimobiledevice connects to the NetworkAddress itself
    // instead (1.3.0 src/idevice.c idevice_connect).
    const device = usbDevice ?? this.twins.find(this.list, deviceId);
    if (!device) return 'no-device';
    const service = port === LOCKDOWN_PORT ? null : device.servicePorts.get(port);
    if (service === undefined) return 'refused';
    const twin = usbDevice ? null : device.networkTwin;
    const tunnels = twin ? twin.tunnels : device.tunnels;
    return (socket: Socket, leftover: Buffer) => {
      device.muxConnects[twin ? 'network' : 'usb'] += 1;
      this.protocolCounters.tunnel(device.udid, service === null ? 'lockdown' : 'service');
      tunnels.add(socket);
      socket.once('close', () => tunnels.delete(socket));
      socket.on('error', () => undefined);
      if (leftover.length > 0) socket.unshift(leftover);
      if (service === null) serveLockdown(socket, device, this, { network: twin !== null, tunnels });
      else serveService(service, socket, device, this);
      socket.resume();
    };
  }

  udidOf(deviceId: number): string | undefined {
    const device = this.list.find((d) => d.connected && d.deviceId === deviceId) ?? this.twins.find(this.list, deviceId);
    return device?.udid;
  }

  buid(): string {
    return this.pairRecords.buid;
  }

  readPairRecord(udid: string): Buffer | undefined {
    return this.pairRecords.read(udid);
  }

  savePairRecord(udid: string, data: Buffer, deviceId: number | undefined): void {
    this.pairRecords.save(udid, data);
    const device = this.byUdid.get(udid);
    // Real usbmuxd announces Paired only for a connected device matching both IDs
    // (docs/device-protocols.md §2.5).
    if (device?.connected && deviceId !== undefined && device.deviceId === deviceId) {
      this.notify({ MessageType: 'Paired', DeviceID: deviceId });
    }
  }

  deletePairRecord(udid: string): void {
    this.pairRecords.delete(udid);
  }

  // ——— Control operations ———

  devices(): DeviceView[] {
    return this.list.map(viewOf);
  }

  /** The device with this UDID, if the cart has one (the activation server's view). */
  find(udid: string): VirtualDevice | undefined {
    return this.byUdid.get(udid);
  }

  get(udid: string): VirtualDevice {
    const device = this.byUdid.get(udid);
    if (!device) throw new NotFoundError(`no device ${udid}`);
    return device;
  }

  plug(udid: string): void {
    const device = this.get(udid);
    this.cancelReboot(device);
    if (!device.connected) this.attach(device);
  }

  /**
   * The person's answer from now on. 'accept' taps Trust on an open dialog at once (the device posts
   * request_pair); a device still in Setup Assistant shows no dialog, so pending/deny apply once it
   * is past Setup (finish-setup).
   */
  setTrust(udid: string, mode: TrustMode): void {
    const device = this.get(udid);
    device.trustMode = mode;
    trustModeChanged(device, this);
  }

  /** The device is also listed over Wi-Fi (a second usbmuxd entry with ConnectionType Network). */
  announceNetworkTwin(udid: string): void {
    this.twins.announce(this.get(udid));
  }

  removeNetworkTwin(udid: string): void {
    this.twins.remove(this.get(udid));
  }

  lock(udid: string): void {
    const device = this.get(udid);
    device.passcodeSet = true;
    device.locked = true;
  }

  unlock(udid: string): void {
    this.get(udid).locked = false;
  }

  activate(udid: string): void {
    const device = this.get(udid);
    if (device.activationLock) throw new ConflictError('Activation Lock is on: activation refused');
    device.activationState = 'Activated';
    this.changed();
  }

  /** The person finishes Setup Assistant: the stored (PostSetupInstallation) profile gets installed. */
  finishSetup(udid: string): void {
    const device = this.get(udid);
    // Setup Assistant cannot pass Hello without activating (over Wi-Fi, with Apple).
    if (!device.activationLock && device.activationState === 'Unactivated') device.activationState = 'Activated';
    completeSetupAssistant(device);
    this.changed();
  }

  setEraseReply(udid: string, mode: EraseReply): void {
    this.get(udid).eraseReply = mode;
  }

  setBattery(udid: string, level: number | undefined, charging: boolean | undefined): void {
    this.get(udid).battery.set(level, charging);
  }

  addDevice(options: AddDeviceOptions = {}): VirtualDevice {
    const rng = this.rng.fork(`added:${this.added++}`);
    const model = options.productType ? findModel(options.productType) : undefined;
    if (options.productType && !model) throw new BadRequestError(`unknown productType ${options.productType}`);
    const generated = generateIdentity(rng, model ?? (options.productVersion?.startsWith('9.') ? LEGACY_MODEL : undefined), options.productVersion);
    const identity = options.serial === undefined ? generated : { ...generated, serial: options.serial };
    const device = this.create(identity, options.trust ?? this.options.trust ?? 'accept');
    if (options.name) device.name = options.name;
    if (options.eraseReply) device.eraseReply = options.eraseReply;
    for (const kind of options.faults ?? []) this.applyStateFault(device, kind);
    if (!options.unplugged) this.attach(device);
    return device;
  }

  setFault(input: FaultInput): void {
    const parsed = faultInputSchema.parse(input);
    if ('clear' in parsed) this.faults.clear();
    else if ('random' in parsed) this.faults.setRandom(randomFaultSchema.parse(parsed.random), this.options.seed ?? 1);
    else {
      const state = stateFaultSchema.safeParse(parsed);
      if (state.success) this.applyStateFault(this.get(state.data.udid), state.data.kind);
      else this.faults.addRule(requestFaultSchema.parse(parsed));
    }
  }

  applyStateFault(device: VirtualDevice, kind: StateFaultKind): void {
    applyStateFault(device, kind, this.rng);
    this.changed();
  }

  stop(): void {
    this.stopped = true;
    this.preflight?.stop();
    for (const t of this.rebootTimers.values()) clearTimeout(t);
    this.rebootTimers.clear();
    for (const d of this.list) d.dropTunnels();
    for (const d of this.list) d.closeTrustDialog();
    for (const d of this.list) for (const t of d.networkTwin?.tunnels ?? []) t.destroy();
    this.stateFile?.saveNow(this.pairRecords, this.list);
    this.keys.flush();
  }

  // ——— internals ———

  private create(identity: DeviceIdentity, trust: InitialTrust): VirtualDevice {
    if (this.byUdid.has(identity.udid)) throw new ConflictError(`duplicate UDID ${identity.udid}`);
    const index = this.list.length;
    const rates = this.latency.batteryRates();
    const rng = new Rng(`battery:${identity.udid}`);
    const battery = new Battery(rng.int(18, 96), rates.charging, rates.draining, () => this.now());
    const device = new VirtualDevice(identity, slotFor(index), index, battery);
    device.activationState = this.options.activated ? 'Activated' : 'Unactivated';
    device.eraseReply = this.options.eraseReply ?? 'ack';
    if (trust !== 'accept') {
      // See CartOptions.trust: whoever answers a dialog or locks the screen set the device up.
      device.activationState = 'Activated';
      completeSetupAssistant(device);
    }
    if (trust === 'passcode') {
      device.passcodeSet = true;
      device.locked = true;
    } else {
      device.trustMode = trust;
    }
    this.list.push(device);
    this.byUdid.set(identity.udid, device);
    return device;
  }

  private attach(device: VirtualDevice): void {
    // usbmuxd hands out a fresh DeviceID on every attach (§7.9).
    device.deviceId = this.nextDeviceId++;
    device.connected = true;
    device.battery.setAttached(true);
    this.log(device.udid, `attached as ${device.deviceId}`);
    if (!this.preflight) return this.announce(device);
    const deviceId = device.deviceId;
    this.preflighting.add(device);
    void this.preflight.attach(device).then(() => {
      if (!this.preflighting.delete(device) || !device.connected || device.deviceId !== deviceId) return;
      this.announce(device);
    });
  }

  /** usbmuxd's client_device_add: listed, and Attached sent to listeners. */
  private announce(device: VirtualDevice): void {
    this.notify({ MessageType: 'Attached', DeviceID: device.deviceId, Properties: propertiesOf(device) });
    // Up again after a reboot: back on Wi-Fi if it was there.
    this.twins.show(device);
  }

  private detach(device: VirtualDevice): void {
    if (!device.connected) return;
    device.connected = false;
    device.battery.setAttached(false);
    device.dropTunnels();
    // The Trust dialog goes with the host connection that asked for it [INFERRED: no public source].
    device.closeTrustDialog();
    this.log(device.udid, `detached (${device.deviceId})`);
    this.preflight?.detached(device);
    // A device still in usbmuxd's preflight was never listed, so nobody hears it leave.
    if (this.preflighting.delete(device)) return;
    this.notify({ MessageType: 'Detached', DeviceID: device.deviceId });
  }

  private cancelReboot(device: VirtualDevice): void {
    const timer = this.rebootTimers.get(device);
    if (timer) clearTimeout(timer);
    this.rebootTimers.delete(device);
  }
}

/** The Properties dict the Linux usbmuxd sends (§2.6), plus the macOS extras clients ignore. */
export function propertiesOf(device: VirtualDevice): PlistDict {
  return {
    ConnectionSpeed: device.connectionSpeed,
    ConnectionType: 'USB',
    DeviceID: device.deviceId,
    LocationID: device.slot.locationId,
    ProductID: device.identity.model.deviceClass === 'iPad' ? 0x12ab : 0x12a8,
    SerialNumber: device.udid,
    USBSerialNumber: device.udid.replace('-', ''),
    UDID: device.udid,
  };
}

export class NotFoundError extends Error {}
export class ConflictError extends Error {}
export class BadRequestError extends Error {}
