import type { VirtualDevice } from '../device/device.js';

export const BATTERY_DOMAIN = 'com.apple.mobile.battery';

/** Keys an unpaired host may read (§3.4: identity, version, class, DevicePublicKey, ActivationState…). */
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
    PasswordProtected: device.passcodeSet,
    ProductName: 'iPhone OS',
    ProductType: id.model.productType,
    ProductVersion: id.productVersion,
    ProductionSOC: true,
    ProtocolVersion: '2',
    RegionInfo: id.regionInfo,
    SerialNumber: id.serial,
    SupportedDeviceFamilies: id.model.deviceClass === 'iPad' ? [1, 2] : [1],
    TelephonyCapability: id.imei !== null,
    TimeIntervalSince1970: Date.now() / 1000,
    TimeZone: 'America/Los_Angeles',
    TimeZoneOffsetFromUTC: -25200,
    TrustedHostAttached: inSession,
    UniqueChipID: id.ecid,
    UniqueDeviceID: id.udid,
    UseRaptorCerts: true,
    Uses24HourClock: false,
    WiFiAddress: id.wifiAddress,
  };
  if (devicePublicKey) values.DevicePublicKey = devicePublicKey;
  if (id.imei) values.InternationalMobileEquipmentIdentity = id.imei;
  // A User Enrollment device hides its hardware identifiers from the host.
  if (device.userEnrollment) {
    delete values.SerialNumber;
    delete values.InternationalMobileEquipmentIdentity;
  }
  for (const [k, v] of Object.entries(device.extraValues.get('') ?? {})) values[k] = v;
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
  if (domain === BATTERY_DOMAIN) return batteryDomain(device);
  const extra = device.extraValues.get(domain);
  if (extra) return { ...extra };
  if (domain === 'com.apple.international') return { Language: 'en', Locale: 'en_US', Keyboards: ['en_US'] };
  if (domain === 'com.apple.mobile.iTunes') return {};
  return null;
}
