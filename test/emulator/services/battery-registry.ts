/**
 * The battery as diagnostics_relay's IORegistry request shows it, per model (docs/device-protocols.md §5.1).
 *
 * Real devices publish one IOPMPowerSource subclass: `AppleSmartBattery` on iPhone 8 and newer,
 * `AppleARMPMUCharger` on iPhone 7 and older. Asking for the other entry name answers Success
 * with an empty `IORegistry` dict, not a failure (libimobiledevice issues #570 and #689 show the
 * empty dict; #1095 names the entry per generation). A class query for `IOPMPowerSource` finds
 * whichever exists, which is why pymobiledevice3 (services/diagnostics.py get_battery) and go-ios
 * (ios/diagnostics/diagnostics.go Battery) ask by class.
 */
import type { VirtualDevice } from '../device/device.js';
import { majorOf } from '../device/catalog.js';
import type { PlistDict } from '../plist-codec.js';

const POWER_SOURCE_CLASS = 'IOPMPowerSource';
const BATTERY_ENTRIES = ['AppleSmartBattery', 'AppleARMPMUCharger'] as const;

export function batteryEntryOf(device: VirtualDevice): (typeof BATTERY_ENTRIES)[number] {
  return device.identity.model.batteryEntry ?? 'AppleSmartBattery';
}

/**
 * What an IORegistry request by entry name and/or class answers: the battery dict, an empty dict
 * (a battery entry this model does not have), or null (nothing of that name: Status Failure).
 */
export function batteryRegistryQuery(device: VirtualDevice, name: string, cls: string): PlistDict | null {
  const entry = batteryEntryOf(device);
  const asksOwn = name === entry || cls === entry || (name === '' && cls === POWER_SOURCE_CLASS);
  if (asksOwn) return batteryRegistry(device);
  const asksOther = BATTERY_ENTRIES.some((e) => e !== entry && (name === e || cls === e));
  return asksOther ? {} : null;
}

export function fullChargeMah(device: VirtualDevice): number {
  // Capacity fades ~0.02 % per cycle.
  return Math.round(device.identity.model.designCapacityMah * (1 - device.identity.cycleCount * 0.0002));
}

function batteryRegistry(device: VirtualDevice): PlistDict {
  const b = device.battery;
  const max = fullChargeMah(device);
  const rawCurrent = Math.round((max * b.percent) / 100);
  // Since iOS 10 CurrentCapacity/MaxCapacity are a percentage (MaxCapacity 100); before that the
  // power source reported mAh as macOS still does [INFERRED from UIDeviceListener's iOS 9 notes].
  const percentScale = majorOf(device.productVersion) >= 10;
  return {
    AdapterDetails: b.externalConnected ? { Watts: 12, Description: 'usb host', FamilyCode: -536854528 } : {},
    AppleRawCurrentCapacity: rawCurrent,
    AppleRawMaxCapacity: max,
    AtCriticalLevel: b.percent <= 2,
    BatteryInstalled: true,
    BatterySerialNumber: device.identity.batterySerial,
    CurrentCapacity: percentScale ? b.percent : rawCurrent,
    CycleCount: device.identity.cycleCount,
    DesignCapacity: device.identity.model.designCapacityMah,
    ExternalChargeCapable: b.externalConnected,
    ExternalConnected: b.externalConnected,
    FullyCharged: b.fullyCharged,
    IOClass: batteryEntryOf(device),
    InstantAmperage: b.charging ? 1450 : -210,
    IsCharging: b.charging,
    MaxCapacity: percentScale ? 100 : max,
    NominalChargeCapacity: max,
    Temperature: b.charging ? 3120 : 2870,
    UpdateTime: Math.floor(Date.now() / 1000),
    Voltage: 3700 + Math.round(b.percent * 6.5),
  };
}
