import { describe, expect, it } from 'vitest';
import { marketingName } from '../../../electron/device/model-names.js';
import { portIdentityFrom } from '../../../electron/device/port-identity.js';
import { toBatteryReport } from '../../../electron/device/services/diagnostics.js';
import { toProfileInfos } from '../../../electron/device/services/mcinstall-schemas.js';
import { mapSnapshot, lockdownValuesSchema } from '../../../electron/device/snapshot.js';
import { udidFromSerial } from '../../../electron/device/usbmuxd-client.js';

const values = lockdownValuesSchema.parse({
  UniqueDeviceID: '00008030-0001A2B3C4D5E6F0',
  ProductType: 'iPhone12,8',
  ProductVersion: '16.7.2',
  BuildVersion: '20H115',
  DeviceName: 'Cart 07',
  DeviceClass: 'iPhone',
  ActivationState: 'Activated',
  SerialNumber: 'F2LXK0ABCDE',
  InternationalMobileEquipmentIdentity: '356789012345678',
  PasswordProtected: true,
});

describe('mapSnapshot', () => {
  it('maps lockdown, battery, cloud configuration and profiles', () => {
    const s = mapSnapshot({
      values,
      battery: { BatteryCurrentCapacity: 81, BatteryIsCharging: true },
      cloudConfiguration: { IsSupervised: true, OrganizationName: 'Lakeside School' },
      profiles: [],
    });
    expect(s).toMatchObject({
      udid: '00008030-0001A2B3C4D5E6F0',
      serialNumber: 'F2LXK0ABCDE',
      imei: '356789012345678',
      modelName: 'iPhone SE (2nd generation)',
      productVersion: '16.7.2',
      buildVersion: '20H115',
      battery: { level: 81, charging: true },
      supervised: true,
      organization: 'Lakeside School',
      enrollmentType: 'unknown',
      // PasswordProtected is "locked now"; "has a passcode" needs an escalated SecurityInfo.
      locked: true,
      passcodePresent: null,
    });
  });

  it('never guesses User Enrollment from a missing serial; no configuration = in Setup Assistant', () => {
    const { SerialNumber: _s, InternationalMobileEquipmentIdentity: _i, ...rest } = values;
    const s = mapSnapshot({ values: rest as typeof values, battery: null, cloudConfiguration: null, profiles: [] });
    expect(s).toMatchObject({ enrollmentType: 'unknown', setupState: 'in-setup-assistant', cloudConfigured: false, serialNumber: null, imei: null, supervised: false, organization: null, battery: { level: null, charging: null } });
  });

  it("reads Setup Assistant's own record as set up, not as configured", () => {
    const record = { AllowPairing: true, CloudConfigurationUIComplete: true, IsSupervised: false, PostSetupProfileWasInstalled: false };
    const s = mapSnapshot({ values, battery: null, cloudConfiguration: record, profiles: [] });
    expect(s).toMatchObject({ setupState: 'set-up', cloudConfigured: false, supervised: false });
  });

  it('reads an applied configuration that Setup Assistant has not completed as configured, still in Setup Assistant', () => {
    const s = mapSnapshot({ values, battery: null, cloudConfiguration: { ConfigurationWasApplied: true, CloudConfigurationUIComplete: false }, profiles: [] });
    expect(s).toMatchObject({ setupState: 'in-setup-assistant', cloudConfigured: true, supervised: false });
  });
});

describe('model names', () => {
  it('knows cart models and falls back readably', () => {
    expect(marketingName('iPad13,18')).toBe('iPad (10th generation)');
    expect(marketingName('iPhone16,1')).toBe('iPhone 15 Pro');
    expect(marketingName('iPhone99,1')).toBe('iPhone (iPhone99,1)');
  });
});

describe('profile list', () => {
  it('combines identifiers, manifest and metadata in install order', () => {
    const infos = toProfileInfos({
      OrderedIdentifiers: ['b', 'a'],
      ProfileManifest: { a: { IsActive: true, Description: 'A' }, b: { IsActive: false } },
      ProfileMetadata: { a: { PayloadDisplayName: 'Wi-Fi', PayloadUUID: 'U', PayloadVersion: 1, PayloadRemovalDisallowed: true } },
    });
    expect(infos.map((p) => p.identifier)).toEqual(['b', 'a']);
    expect(infos[1]).toMatchObject({ displayName: 'Wi-Fi', isActive: true, removalDisallowed: true, uuid: 'U' });
    expect(infos[0]).toMatchObject({ displayName: 'b', isActive: false });
  });
});

describe('battery', () => {
  it('reads percent on modern iOS and mAh on old devices', () => {
    expect(toBatteryReport({ CurrentCapacity: 57, MaxCapacity: 100, IsCharging: true, AppleRawMaxCapacity: 2800, DesignCapacity: 3110, Temperature: 3050 })).toMatchObject({
      level: 57,
      charging: true,
      healthPercent: 90,
      temperatureC: 30.5,
    });
    expect(toBatteryReport({ CurrentCapacity: 900, MaxCapacity: 1800 }).level).toBe(50);
  });
});

describe('port identity', () => {
  it('prefers the USB port path, then LocationID', () => {
    const attached = { deviceId: 3, udid: 'U', connectionType: 'USB', locationId: 0x01120000, connectionSpeed: 480_000_000 };
    expect(portIdentityFrom(attached, { bus: 1, ports: [2, 4], serial: 'x' }).key).toBe('usb:1-2.4');
    expect(portIdentityFrom(attached, undefined)).toMatchObject({ key: 'loc:0x01120000', connectionSpeed: 480_000_000 });
    expect(portIdentityFrom(undefined, undefined).key).toBe('unknown');
    // Same port, different attach (new DeviceID): same key.
    expect(portIdentityFrom({ ...attached, deviceId: 9 }, undefined).key).toBe(portIdentityFrom(attached, undefined).key);
  });

  it('sanitises 24-character USB serials like libusbmuxd', () => {
    expect(udidFromSerial('00008030001A2D3E0C42802E')).toBe('00008030-001A2D3E0C42802E');
    expect(udidFromSerial('e312a459f9f0a47c9bf838bd53c7e5d52710097d')).toBe('e312a459f9f0a47c9bf838bd53c7e5d52710097d');
  });
});
