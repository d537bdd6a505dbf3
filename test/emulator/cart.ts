import type { Socket } from 'node:net';
import type { CartContext, CmsVerifier, RebootKind } from './context.js';
import { Battery } from './device/battery.js';
import { MODELS, LEGACY_MODEL } from './device/catalog.js';
import { VirtualDevice, type TrustMode } from './device/device.js';
import { KeyPool } from './device/keys.js';
import { applyStateFault } from './device/state-faults.js';
import { generateIdentity, generatePopulation, slotFor, type DeviceIdentity } from './device/population.js';
import { viewOf, type DeviceView } from './device/view.js';
import { FaultRegistry, faultInputSchema, requestFaultSchema, randomFaultSchema, stateFaultSchema, type FaultInput, type StateFaultKind } from './faults.js';
import { Latency, type LatencyMode } from './latency.js';
import { serveLockdown } from './lockdown/connection.js';
import { installStoredProfile, verifyCmsSignature } from './mcinstall/index.js';
import { Rng } from './rng.js';
import { serveService } from './services/registry.js';
import { StateFile } from './state-file.js';
import { PairRecordStore } from './usbmux/pair-records.js';
import type { MuxBackend, TunnelHandler } from './usbmux/server.js';
import type { PlistDict } from './plist-codec.js';

export const LOCKDOWN_PORT = 62078;

export type InitialTrust = TrustMode | 'passcode';

export interface CartOptions {
  devices?: number;
  seed?: number | string;
  latency?: LatencyMode;
  timeScale?: number;
  trust?: InitialTrust;
  /** Make the last device an iOS 9.3.5 iPad (TLS 1.0 path). */
  legacyDevice?: boolean;
  /** Keeps usbmuxd pair records and device-side state across runs. */
  stateFile?: string;
  /** RSA key pool file; null = no cache (keys made per run). */
  keyCacheFile?: string | null;
  log?: (line: string) => void;
}

export interface AddDeviceOptions {
  productType?: string;
  productVersion?: string;
  name?: string;
  trust?: InitialTrust;
  /** Start unplugged. */
  unplugged?: boolean;
  faults?: StateFaultKind[];
}

/** The devices, their hot-plug life and the host-side usbmuxd state; protocol front ends sit on top. */
export class Cart implements CartContext, MuxBackend {
  readonly latency: Latency;
  readonly faults = new FaultRegistry();
  readonly keys: KeyPool;
  readonly pairRecords: PairRecordStore;
  private readonly list: VirtualDevice[] = [];
  private readonly byUdid = new Map<string, VirtualDevice>();
  private readonly rebootTimers = new Map<VirtualDevice, NodeJS.Timeout>();
  private readonly rng: Rng;
  private readonly stateFile: StateFile | null;
  private nextDeviceId = 1;
  private added = 0;
  private stopped = false;
  /** Set by the usbmuxd front end: pushes Attached/Detached/Paired to listeners. */
  notify: (body: PlistDict) => void = () => undefined;

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
    for (const d of this.list) this.attach(d);
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
    if (kind === 'erase') device.eraseContentAndSettings();
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
    return this.list.filter((d) => d.connected).map((d) => ({ deviceId: d.deviceId, properties: propertiesOf(d) }));
  }

  openPort(deviceId: number, port: number): TunnelHandler | 'no-device' | 'refused' {
    const device = this.list.find((d) => d.connected && d.deviceId === deviceId);
    if (!device) return 'no-device';
    const service = port === LOCKDOWN_PORT ? null : device.servicePorts.get(port);
    if (service === undefined) return 'refused';
    return (socket: Socket, leftover: Buffer) => {
      device.tunnels.add(socket);
      socket.once('close', () => device.tunnels.delete(socket));
      socket.on('error', () => undefined);
      if (leftover.length > 0) socket.unshift(leftover);
      if (service === null) serveLockdown(socket, device, this);
      else serveService(service, socket, device, this);
      socket.resume();
    };
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
    // Real usbmuxd announces Paired only for a connected device matching both IDs (§2.5).
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

  setTrust(udid: string, mode: TrustMode): void {
    const device = this.get(udid);
    device.trustMode = mode;
    // Tapping Trust now answers the open dialog: the next Pair succeeds even with a realistic human.
    device.trustTapAt = mode === 'accept' ? this.now() : null;
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
    device.setupCompleted = true;
    installStoredProfile(device);
    this.changed();
  }

  setBattery(udid: string, level: number | undefined, charging: boolean | undefined): void {
    this.get(udid).battery.set(level, charging);
  }

  addDevice(options: AddDeviceOptions = {}): VirtualDevice {
    const rng = this.rng.fork(`added:${this.added++}`);
    const model = options.productType
      ? (MODELS.find((m) => m.productType === options.productType) ?? (options.productType === LEGACY_MODEL.productType ? LEGACY_MODEL : undefined))
      : undefined;
    if (options.productType && !model) throw new BadRequestError(`unknown productType ${options.productType}`);
    const identity = generateIdentity(rng, model ?? (options.productVersion?.startsWith('9.') ? LEGACY_MODEL : undefined), options.productVersion);
    const device = this.create(identity, options.trust ?? this.options.trust ?? 'accept');
    if (options.name) device.name = options.name;
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
    for (const t of this.rebootTimers.values()) clearTimeout(t);
    this.rebootTimers.clear();
    for (const d of this.list) d.dropTunnels();
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
    this.notify({ MessageType: 'Attached', DeviceID: device.deviceId, Properties: propertiesOf(device) });
  }

  private detach(device: VirtualDevice): void {
    if (!device.connected) return;
    device.connected = false;
    device.battery.setAttached(false);
    device.dropTunnels();
    this.log(device.udid, `detached (${device.deviceId})`);
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
