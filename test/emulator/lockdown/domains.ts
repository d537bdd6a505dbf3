/**
 * Lockdown domains a real device answers inside a session besides the default one
 * (docs/device-protocols.md §3.4), with the keys public clients read: pymobiledevice3 lockdown.py
 * (international Language/Locale, wireless_lockdown EnableWifiConnections, mobile.iTunes
 * MinITunesVersion), go-ios ios/batterydiagnostics.go (battery), libimobiledevice's ideviceinfo
 * domain list (disk_usage, PurpleBuddy, fairplay, debug, sync_data_class, data_sync). Values are
 * plausible, per device where they would differ. A host's SetValue overlays these (values.ts).
 */
import { createHash } from 'node:crypto';
import type { VirtualDevice } from '../device/device.js';

type Domain = Record<string, unknown>;

const GB = 1_000_000_000;

/** Deterministic per device: storage size and FairPlay blob must not change between reads. */
function digest(device: VirtualDevice, label: string): Buffer {
  return createHash('sha256').update(`${label}:${device.udid}`).digest();
}

function diskUsage(device: VirtualDevice): Domain {
  const sizes = [64, 128, 256];
  const total = (sizes[(digest(device, 'disk')[0] ?? 0) % sizes.length] ?? 64) * GB;
  const system = 12 * GB;
  const data = total - system;
  const used = Math.round(data * 0.18);
  return {
    AmountDataAvailable: data - used,
    AmountDataReserved: 200 * 1_000_000,
    AmountRestoreAvailable: data - used,
    CalendarUsage: 0,
    CameraUsage: 0,
    MediaCacheUsage: 0,
    MobileApplicationUsage: used,
    NANDInfo: Buffer.alloc(0),
    NotesUsage: 0,
    PhotoUsage: 0,
    TotalDataAvailable: data - used,
    TotalDataCapacity: data,
    TotalDiskCapacity: total,
    TotalSystemAvailable: 1 * GB,
    TotalSystemCapacity: system,
    VoicemailUsage: 0,
    WebAppCacheUsage: 0,
  };
}

const INTERNATIONAL: Domain = {
  HostKeyboard: 'en_US',
  Keyboard: 'en_US',
  Language: 'en',
  Locale: 'en_US',
  SupportedKeyboards: ['en_US', 'en_GB', 'fr_FR', 'de_DE', 'es_ES'],
  SupportedLanguages: ['en', 'en-GB', 'fr', 'de', 'es', 'it', 'ja', 'zh-Hans'],
  SupportedLocales: ['en_US', 'en_GB', 'fr_FR', 'de_DE', 'es_ES', 'it_IT', 'ja_JP', 'zh_CN'],
};

const DATA_CLASSES = ['com.apple.Bookmarks', 'com.apple.Calendars', 'com.apple.Contacts', 'com.apple.Notes'];

const builders: Record<string, (device: VirtualDevice) => Domain> = {
  'com.apple.disk_usage': diskUsage,
  'com.apple.disk_usage.factory': diskUsage,
  'com.apple.international': () => ({ ...INTERNATIONAL }),
  'com.apple.mobile.wireless_lockdown': (d) => ({
    BonjourFullServiceName: `${d.identity.wifiAddress}@fe80::${d.identity.wifiAddress.replace(/:/g, '').slice(0, 4)}._apple-mobdev2._tcp.local.`,
    EnableWifiConnections: false,
    SupportsWifi: true,
    SupportsWifiSyncing: true,
  }),
  'com.apple.PurpleBuddy': (d) => ({ SetupDone: d.setupCompleted, SetupFinishedAllSteps: d.setupCompleted, SetupVersion: 11 }),
  'com.apple.fairplay': (d) => ({ FairPlayCertificate: Buffer.concat([digest(d, 'fairplay'), digest(d, 'fairplay2')]), FairPlayDeviceType: 1, RentalBagRequestVersion: 1 }),
  'com.apple.mobile.iTunes': () => ({
    BatteryPollInterval: 60,
    ConnectedBus: 'USB',
    DBVersion: 5,
    MinITunesVersion: '12.8',
    MinMacOSVersion: '10.13.6',
    SupportsAntiPhishing: true,
    SupportsEncryptedBackups: true,
  }),
  'com.apple.mobile.debug': () => ({ EnableLockdownExtendedLogging: false, EnableLockdownLogToDisk: false, EnableVPNLogs: false, RemoveVPNLogs: false }),
  'com.apple.mobile.sync_data_class': () => ({ DeviceHandlesDefaultCalendar: true, DeviceSupportsClearingData: true, SupportsEncryptedBackups: true, ...Object.fromEntries(DATA_CLASSES.map((c) => [c, {}])) }),
  'com.apple.mobile.data_sync': () =>
    Object.fromEntries(DATA_CLASSES.map((c) => [c.replace('com.apple.', ''), { AccountNames: ['iCloud'], Sources: [c] }])),
};

/** The device's own values of a non-default domain, or null when it has none. */
export function builtInDomain(device: VirtualDevice, domain: string): Domain | null {
  const build = builders[domain];
  return build ? build(device) : null;
}
