import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { readFrames } from '../lockdown/framing.js';
import { asString, type PlistDict } from '../plist-codec.js';
import { sendReply } from './framed.js';

/** `com.apple.mobile.diagnostics_relay` (§5.1): IORegistry, MobileGestalt, Restart/Shutdown/Sleep, Goodbye. */
export function serveDiagnostics(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  let pendingPower: 'restart' | 'shutdown' | null = null;

  const firePower = (): void => {
    if (!pendingPower) return;
    const kind = pendingPower;
    pendingPower = null;
    ctx.reboot(device, kind);
  };
  // WaitForDisconnect: the device goes down once the host has hung up (after Goodbye).
  stream.once('close', firePower);

  const reader = readFrames(
    stream,
    async (request) => {
      const verb = asString(request.Request) ?? 'Unknown';
      device.count(verb);
      ctx.log(device.udid, `diagnostics ${verb}`);
      const reply = handle(device, verb, request);
      if (verb === 'Restart' || verb === 'Shutdown') {
        pendingPower = verb === 'Restart' ? 'restart' : 'shutdown';
        if (request.WaitForDisconnect !== true) setTimeout(firePower, 20).unref();
      }
      const delivered = await sendReply(stream, device, ctx, verb, reply);
      if (delivered && verb === 'Goodbye') stream.end();
    },
    (error) => {
      ctx.log(device.udid, `diagnostics: ${error.message}`);
      reader.detach();
      stream.destroy();
    },
  );
}

function handle(device: VirtualDevice, verb: string, request: PlistDict): PlistDict {
  switch (verb) {
    case 'IORegistry': {
      const name = asString(request.EntryName) ?? '';
      const cls = asString(request.EntryClass) ?? '';
      if (name === 'AppleSmartBattery' || cls === 'IOPMPowerSource' || cls === 'AppleSmartBattery') {
        return { Status: 'Success', Diagnostics: { IORegistry: smartBattery(device) } };
      }
      if (name === 'AppleARMPMUCharger' || cls === 'AppleARMPMUCharger') {
        return { Status: 'Success', Diagnostics: { IORegistry: { IOClass: 'AppleARMPMUCharger', ExternalConnected: device.battery.externalConnected } } };
      }
      return { Status: 'Failure' };
    }
    case 'MobileGestalt': {
      const keys = Array.isArray(request.MobileGestaltKeys) ? request.MobileGestaltKeys.filter((k): k is string => typeof k === 'string') : [];
      const known = gestalt(device);
      const out: PlistDict = {};
      for (const k of keys) if (known[k] !== undefined) out[k] = known[k];
      const major = Number.parseInt(device.productVersion, 10);
      return { Status: 'Success', Diagnostics: { MobileGestalt: major >= 17 ? { ...out, Status: 'MobileGestaltDeprecated' } : { ...out, Status: 'Success' } } };
    }
    case 'GasGauge':
      return { Status: 'Success', Diagnostics: { GasGauge: { CycleCount: device.identity.cycleCount, DesignCapacity: device.identity.model.designCapacityMah, FullChargeCapacity: fullCharge(device), Status: 'Success' } } };
    case 'All':
    case 'WiFi':
    case 'NAND':
    case 'HDMI':
      return { Status: 'Success', Diagnostics: { [verb]: { Status: 'Success' } } };
    case 'Restart':
    case 'Shutdown':
    case 'Sleep':
    case 'Goodbye':
      return { Status: 'Success' };
    default:
      return { Status: 'UnknownRequest' };
  }
}

function fullCharge(device: VirtualDevice): number {
  // Capacity fades ~0.02 % per cycle.
  return Math.round(device.identity.model.designCapacityMah * (1 - device.identity.cycleCount * 0.0002));
}

function smartBattery(device: VirtualDevice): PlistDict {
  const b = device.battery;
  const max = fullCharge(device);
  return {
    AdapterDetails: b.externalConnected ? { Watts: 12, Description: 'usb host', FamilyCode: -536854528 } : {},
    AppleRawCurrentCapacity: Math.round((max * b.percent) / 100),
    AppleRawMaxCapacity: max,
    AtCriticalLevel: b.percent <= 2,
    BatteryInstalled: true,
    BatterySerialNumber: device.identity.batterySerial,
    CurrentCapacity: b.percent,
    CycleCount: device.identity.cycleCount,
    DesignCapacity: device.identity.model.designCapacityMah,
    ExternalChargeCapable: b.externalConnected,
    ExternalConnected: b.externalConnected,
    FullyCharged: b.fullyCharged,
    InstantAmperage: b.charging ? 1450 : -210,
    IsCharging: b.charging,
    MaxCapacity: 100,
    NominalChargeCapacity: max,
    Temperature: b.charging ? 3120 : 2870,
    UpdateTime: Math.floor(Date.now() / 1000),
    Voltage: 3700 + Math.round(b.percent * 6.5),
  };
}

function gestalt(device: VirtualDevice): PlistDict {
  const id = device.identity;
  return {
    ProductType: id.model.productType,
    ProductVersion: id.productVersion,
    BuildVersion: id.buildVersion,
    SerialNumber: device.userEnrollment ? undefined : id.serial,
    UniqueDeviceID: id.udid,
    HWModelStr: id.model.hardwareModel,
    DeviceClass: id.model.deviceClass,
    DeviceName: device.name,
    UserAssignedDeviceName: device.name,
    WifiAddress: id.wifiAddress,
    BluetoothAddress: id.bluetoothAddress,
    InternationalMobileEquipmentIdentity: id.imei ?? undefined,
    BatteryCurrentCapacity: device.battery.percent,
    BatteryIsCharging: device.battery.charging,
  };
}
