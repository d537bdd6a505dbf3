import type { VirtualDevice } from '../device/device.js';
import { builtInDomain } from './domains.js';

export const BATTERY_DOMAIN = 'com.apple.mobile.battery';

/**
 * Keys an unpaired host may read (docs/device-protocols.md §3.4: identity, version, class,
 * DevicePublicKey, ActivationState…).
 */
const PUBLIC_KEYS = new Set([
  'UniqueDeviceID',
  'ProductType',
  'ProductVersion',
  'BuildVersion',
  'DeviceName',
  'DeviceClass',
  'DeviceColor',
  'ActivationState',
  'WiFiAddress',
  'DevicePublicKey',
  'HardwareModel',
  'CPUArchitecture',
  'UniqueChipID',
  'TimeZone',
  'PasswordProtected',
  'BluetoothAddress',
  'ProductName',
  'HostAttached',
  'TrustedHostAttached',
  'ProtocolVersion',
  'SupportedDeviceFamilies',
  'HumanReadableProductVersionString',
]);

/** Keys the host may not change through SetValue. */
export const IMMUTABLE_KEYS = new Set([
  'UniqueDeviceID',
  'SerialNumber',
  'ProductType',
  'ProductVersion',
  'BuildVersion',
  'DeviceClass',
  'HardwareModel',
  'UniqueChipID',
  'WiFiAddress',
  'BluetoothAddress',
  'DevicePublicKey',
  'InternationalMobileEquipmentIdentity',
  'ActivationState',
  'CPUArchitecture',
  'ModelNumber',
  'RegionInfo',
  'PasswordProtected',
]);

/**
 * Default-domain keys the device computes when read. A host's SetValue changes the clock they are
 * computed from (go-ios ios SetTime sends TimeIntervalSince1970 + TimeZone) instead of storing
 * the sent value, so the time keeps running.
 */
export const COMPUTED_KEYS = new Set(['TimeIntervalSince1970', 'TimeZoneOffsetFromUTC']);

const clockOffsets = new WeakMap<VirtualDevice, number>();

/**
 * SetValue of a computed key: the clock moves to the sent time (seconds, integer or real).
 * Returns the lockdown Error to answer, or null on success.
 */
export function setComputedValue(device: VirtualDevice, key: string, value: unknown): string | null {
  if (key === 'TimeZoneOffsetFromUTC') return null; // follows TimeZone; a sent offset is ignored
  const seconds = typeof value === 'bigint' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return 'SetProhibited';
  clockOffsets.set(device, seconds * 1000 - Date.now());
  return null;
}

/** Building an Intl.DateTimeFormat is costly (time zone data lookup) and every default-domain read needs one. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** The zone every device reports until a host sets another (TimeZone in defaultDomain). */
const DEFAULT_TIME_ZONE = 'America/Los_Angeles';
// ICU loads its time zone data with the process's first DateTimeFormat (~12 ms of CPU here):
// paid when the cart starts, not inside the first device's default-domain read, where a
// benchmark would bill a one-time cost of the process to one batch's devices.
zoneFormat(DEFAULT_TIME_ZONE);

/**
 * Offsets by time zone, each good until the next whole minute: formatting one costs more than
 * the rest of a default-domain read, and every tz database transition since 1970 falls on a
 * whole minute, so the answer within a minute is the answer of its first read.
 */
const zoneOffsets = new Map<string, { seconds: number; untilMs: number }>();

function zoneOffsetSeconds(timeZone: string): number {
  const now = Date.now();
  const cached = zoneOffsets.get(timeZone);
  if (cached && now < cached.untilMs) return cached.seconds;
  const seconds = formattedZoneOffset(timeZone, now);
  zoneOffsets.set(timeZone, { seconds, untilMs: (Math.floor(now / 60_000) + 1) * 60_000 });
  return seconds;
}

function formattedZoneOffset(timeZone: string, now: number): number {
  try {
    // Formatted for now, not once: the offset changes with daylight saving time.
    const part = zoneFormat(timeZone).formatToParts(new Date(now)).find((p) => p.type === 'timeZoneName');
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part?.value ?? '');
    if (!m) return 0;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  } catch {
    return 0;
  }
}

/** The default domain as the device would report it inside a session. */
export function defaultDomain(device: VirtualDevice, devicePublicKey: Buffer | null, inSession: boolean): Record<string, unknown> {
  const id = device.identity;
  const values: Record<string, unknown> = {
    ActivationState: device.activationLock ? 'Unactivated' : device.activationState,
    ActivationStateAcknowledged: device.activationState !== 'Unactivated',
    BasebandStatus: id.imei ? 'BBInfoAvailable' : 'NoBaseband',
    BluetoothAddress: id.bluetoothAddress,
    BoardId: 8,
    BuildVersion: id.buildVersion,
    CPUArchitecture: 'arm64',
    ChipID: id.model.cpid ?? 0x8010,
    DeviceClass: id.model.deviceClass,
    DeviceColor: '1',
    DeviceName: device.name,
    FirmwareVersion: 'iBoot-10151.121.1',
    HardwareModel: id.model.hardwareModel,
    HardwarePlatform: id.model.cpid ? `t${id.model.cpid.toString(16)}` : 's8000',
    HasSiDP: true,
    HostAttached: true,
    HumanReadableProductVersionString: id.productVersion,
    ModelNumber: id.modelNumber,
    // Locked right now and demanding the passcode, not "a passcode is set": go-ios
    // (ios/mcinstall/mcinstall.go, PasscodePresent) notes it reads false on an unlocked device
    // that has one; SecurityInfo's PasscodePresent answers the other question.
    PasswordProtected: device.locked,
    ProductName: 'iPhone OS',
    ProductType: id.model.productType,
    ProductVersion: id.productVersion,
    ProductionSOC: true,
    ProtocolVersion: '2',
    RegionInfo: id.regionInfo,
    SerialNumber: id.serial,
    SupportedDeviceFamilies: id.model.deviceClass === 'iPad' ? [1, 2] : [1],
    TelephonyCapability: id.imei !== null,
    TimeZone: DEFAULT_TIME_ZONE,
    TrustedHostAttached: inSession,
    UniqueChipID: id.ecid,
    UniqueDeviceID: id.udid,
    UseRaptorCerts: true,
    Uses24HourClock: false,
    WiFiAddress: id.wifiAddress,
  };
  if (devicePublicKey) values.DevicePublicKey = devicePublicKey;
  if (id.imei) values.InternationalMobileEquipmentIdentity = id.imei;
  // User Enrollment hides identifiers from the MDM server only; a paired host still reads them.
  for (const [k, v] of Object.entries(device.extraValues.get('') ?? {})) if (!COMPUTED_KEYS.has(k)) values[k] = v;
  // Computed on every read from what SetValue changed (clock offset, time zone), never frozen.
  values.TimeIntervalSince1970 = (Date.now() + (clockOffsets.get(device) ?? 0)) / 1000;
  values.TimeZoneOffsetFromUTC = zoneOffsetSeconds(typeof values.TimeZone === 'string' ? values.TimeZone : 'UTC');
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
  if (inSession) return values;
  const reduced: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (PUBLIC_KEYS.has(k)) reduced[k] = v;
  return reduced;
}

export function batteryDomain(device: VirtualDevice): Record<string, unknown> {
  const b = device.battery;
  return {
    BatteryCurrentCapacity: b.percent,
    BatteryIsCharging: b.charging,
    ExternalChargeCapable: b.externalConnected,
    ExternalConnected: b.externalConnected,
    FullyCharged: b.fullyCharged,
    GasGaugeCapability: true,
    HasBattery: true,
  };
}

/** Value of a domain, or null when the domain is unknown/empty (→ MissingValue). */
export function domainValues(
  device: VirtualDevice,
  domain: string,
  devicePublicKey: Buffer | null,
  inSession: boolean,
): Record<string, unknown> | null {
  if (domain === '') return defaultDomain(device, devicePublicKey, inSession);
  if (!inSession) return null;
  const own = domain === BATTERY_DOMAIN ? batteryDomain(device) : builtInDomain(device, domain);
  const extra = device.extraValues.get(domain);
  if (!own && !extra) return null;
  // What a host stored overlays the device's own keys; the battery stays live.
  return domain === BATTERY_DOMAIN ? { ...extra, ...own } : { ...own, ...extra };
}
