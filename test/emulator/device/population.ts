import { Rng } from '../rng.js';
import { APPLE_OUIS, IOS_RELEASES, LEGACY_MODEL, MODELS, majorOf, type DeviceModel } from './catalog.js';

/** Everything about a device that never changes, not even across an erase. */
export interface DeviceIdentity {
  udid: string;
  serial: string;
  imei: string | null;
  model: DeviceModel;
  productVersion: string;
  buildVersion: string;
  wifiAddress: string;
  bluetoothAddress: string;
  /** ECID, lockdown's UniqueChipID. */
  ecid: number;
  modelNumber: string;
  regionInfo: string;
  batterySerial: string;
  cycleCount: number;
}

/** A hub port of the cart. The same port always yields the same LocationID. */
export interface Slot {
  index: number;
  locationId: number;
  connectionSpeed: number;
  /** Human-readable port path, e.g. "1-3.7" (bus-hub.port). */
  portPath: string;
}

const HUB_PORTS = 10;
const SERIAL_ALPHABET = '0123456789CDFGHJKLMNPQRTVWXY';
const NEW_SERIAL_ALPHABET = 'BCDFGHJKLMNPQRSTVWXYZ0123456789';

/**
 * Carts are built from 10-port hubs chained to root ports. LocationID follows the macOS layout
 * (bus in the top byte, one nibble per hub tier) so it is stable per physical port; on Linux usbmuxd
 * it would be bus<<16|address, which changes on re-enumeration and cannot map slots.
 */
export function slotFor(index: number): Slot {
  const hubsPerBus = 14;
  const hub = Math.floor(index / HUB_PORTS);
  const port = (index % HUB_PORTS) + 1;
  const bus = 1 + Math.floor(hub / hubsPerBus);
  const rootPort = (hub % hubsPerBus) + 1;
  const locationId = ((bus << 24) | (rootPort << 20) | (port << 16)) >>> 0;
  // Even hubs are USB 3 in this cart; USB 2 devices still negotiate high speed on them.
  const usb3Hub = hub % 2 === 0;
  return { index, locationId, connectionSpeed: usb3Hub ? 5_000_000_000 : 480_000_000, portPath: `${bus}-${rootPort}.${port}` };
}

export function connectionSpeedFor(model: DeviceModel, slot: Slot): number {
  return model.usb3 && slot.connectionSpeed === 5_000_000_000 ? 5_000_000_000 : 480_000_000;
}

export interface PopulationOptions {
  seed: number | string;
  /** Include one iOS 9 iPad (forces libimobiledevice's TLS 1.0 path) as the last device. */
  legacyDevice?: boolean;
}

export function generateIdentity(rng: Rng, model: DeviceModel = pickModel(rng), version?: string): DeviceIdentity {
  const release = version
    ? (IOS_RELEASES.find((r) => r.version === version) ?? { version, build: '22A3354' })
    : pickRelease(rng, model);
  const ecid = rng.int(0x1000, 0xfffff) * 2 ** 32 + rng.int(0, 0xffffffff);
  const udid =
    model.cpid === null
      ? rng.hex(40, false)
      : `0000${model.cpid.toString(16).toUpperCase().padStart(4, '0')}-${ecid.toString(16).toUpperCase().padStart(16, '0')}`;
  const newSerial = model.cpid !== null && (model.cpid >= 0x8110 || model.productType.startsWith('iPad13,1'));
  const serial = newSerial ? rng.chars(NEW_SERIAL_ALPHABET, 10) : `${rng.pick(['F', 'D', 'C', 'G'])}${rng.chars(SERIAL_ALPHABET, 11)}`;
  const macTail = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 254)];
  const oui = rng.pick(APPLE_OUIS);
  const mac = (tail: number[]): string => `${oui}:${tail.map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
  return {
    udid,
    serial,
    imei: model.cellular ? imei(rng) : null,
    model,
    productVersion: release.version,
    buildVersion: release.build,
    wifiAddress: mac(macTail),
    bluetoothAddress: mac([macTail[0] ?? 0, macTail[1] ?? 0, (macTail[2] ?? 0) + 1]),
    ecid,
    modelNumber: model.modelPrefix.length >= 5 ? model.modelPrefix : `${model.modelPrefix}${rng.int(2, 3)}`,
    regionInfo: rng.pick(['LL/A', 'LL/A', 'LL/A', 'B/A', 'ZD/A', 'FD/A']),
    batterySerial: `F5D${rng.chars(SERIAL_ALPHABET, 14)}`,
    cycleCount: rng.int(0, 420),
  };
}

export function generatePopulation(count: number, options: PopulationOptions): DeviceIdentity[] {
  const rng = new Rng(`population:${options.seed}`);
  const out: DeviceIdentity[] = [];
  const regular = options.legacyDevice ? count - 1 : count;
  for (let i = 0; i < regular; i++) out.push(generateIdentity(rng.fork(i)));
  if (options.legacyDevice && count > 0) out.push(generateIdentity(rng.fork('legacy'), LEGACY_MODEL, '9.3.5'));
  return out;
}

function pickModel(rng: Rng): DeviceModel {
  // Carts are mostly iPads.
  const iPads = MODELS.filter((m) => m.deviceClass === 'iPad');
  const iPhones = MODELS.filter((m) => m.deviceClass === 'iPhone');
  return rng.chance(0.7) ? rng.pick(iPads) : rng.pick(iPhones);
}

function pickRelease(rng: Rng, model: DeviceModel): { version: string; build: string } {
  const fits = IOS_RELEASES.filter((r) => majorOf(r.version) >= model.minMajor && majorOf(r.version) <= model.maxMajor);
  return rng.pick(fits);
}

/** 15-digit IMEI with an Apple-like TAC and a valid Luhn check digit. */
function imei(rng: Rng): string {
  const body = `35${rng.int(100000, 999999)}${rng.int(100000, 999999)}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}
