/**
 * Stock apps an erased iPhone or iPad lists through installation_proxy (ApplicationType System),
 * per device class and minimum iOS major (Weather came to iPad with iPadOS 16, Calculator with
 * iPadOS 18, Health with iPadOS 17; Phone and Wallet are iPhone only).
 */
import type { VirtualDevice } from '../device/device.js';
import { majorOf } from '../device/catalog.js';

export interface SystemApp {
  bundleId: string;
  name: string;
  path: string;
  iPhone: boolean;
  iPad: number | null;
}

const apps: readonly [string, string, string, boolean, number | null][] = [
  ['com.apple.mobilesafari', 'Safari', 'MobileSafari', true, 0],
  ['com.apple.Preferences', 'Settings', 'Preferences', true, 0],
  ['com.apple.camera', 'Camera', 'Camera', true, 0],
  ['com.apple.mobileslideshow', 'Photos', 'MobileSlideShow', true, 0],
  ['com.apple.mobilemail', 'Mail', 'MobileMail', true, 0],
  ['com.apple.mobilecal', 'Calendar', 'MobileCal', true, 0],
  ['com.apple.mobilenotes', 'Notes', 'MobileNotes', true, 0],
  ['com.apple.reminders', 'Reminders', 'Reminders', true, 0],
  ['com.apple.mobiletimer', 'Clock', 'MobileTimer', true, 0],
  ['com.apple.Maps', 'Maps', 'Maps', true, 0],
  ['com.apple.AppStore', 'App Store', 'AppStore', true, 0],
  ['com.apple.MobileAddressBook', 'Contacts', 'MobileAddressBook', true, 0],
  ['com.apple.facetime', 'FaceTime', 'FaceTime', true, 0],
  ['com.apple.MobileSMS', 'Messages', 'MobileSMS', true, 0],
  ['com.apple.DocumentsApp', 'Files', 'DocumentsApp', true, 0],
  ['com.apple.findmy', 'Find My', 'FindMy', true, 0],
  ['com.apple.shortcuts', 'Shortcuts', 'Shortcuts', true, 0],
  ['com.apple.Translate', 'Translate', 'Translate', true, 0],
  ['com.apple.weather', 'Weather', 'Weather', true, 16],
  ['com.apple.Health', 'Health', 'Health', true, 17],
  ['com.apple.calculator', 'Calculator', 'Calculator', true, 18],
  ['com.apple.mobilephone', 'Phone', 'MobilePhone', true, null],
  ['com.apple.Passbook', 'Wallet', 'Passbook', true, null],
];

export function systemApps(device: VirtualDevice): SystemApp[] {
  const major = majorOf(device.productVersion);
  const iPad = device.identity.model.deviceClass === 'iPad';
  return apps
    .filter(([, , , , minIpad]) => (iPad ? minIpad !== null && major >= minIpad : true))
    .map(([bundleId, name, dir, iPhone, minIpad]) => ({ bundleId, name, path: `/Applications/${dir}.app`, iPhone, iPad: minIpad }));
}

/** The attributes installation_proxy reports for one app (keys as go-ios/pymobiledevice3 read them). */
export function appInfo(device: VirtualDevice, app: SystemApp): Record<string, unknown> {
  const version = device.productVersion;
  return {
    ApplicationType: 'System',
    CFBundleDisplayName: app.name,
    CFBundleExecutable: app.path.slice('/Applications/'.length, -'.app'.length),
    CFBundleIdentifier: app.bundleId,
    CFBundleName: app.name,
    CFBundleShortVersionString: version,
    CFBundleVersion: device.identity.buildVersion,
    DTPlatformVersion: version,
    IsAppClip: false,
    MinimumOSVersion: version,
    Path: app.path,
    SignerIdentity: 'Apple iPhone OS Application Signing',
    UIDeviceFamily: [1, 2],
  };
}
