import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { readFrames } from '../lockdown/framing.js';
import { asString, type PlistDict } from '../plist-codec.js';
import { batteryRegistryQuery, fullChargeMah } from './battery-registry.js';
import { sendReply } from './framed.js';

/**
 * `com.apple.mobile.diagnostics_relay` (docs/device-protocols.md §5.1): IORegistry, MobileGestalt,
 * Restart/Shutdown/Sleep, Goodbye.
 */
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
      ctx.protocolCounters.diagnosticsRequest(device.udid, verb);
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
      const found = batteryRegistryQuery(device, asString(request.EntryName) ?? '', asString(request.EntryClass) ?? '');
      return found ? { Status: 'Success', Diagnostics: { IORegistry: found } } : { Status: 'Failure' };
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
      return { Status: 'Success', Diagnostics: { GasGauge: { CycleCount: device.identity.cycleCount, DesignCapacity: device.identity.model.designCapacityMah, FullChargeCapacity: fullChargeMah(device), Status: 'Success' } } };
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

function gestalt(device: VirtualDevice): PlistDict {
  const id = device.identity;
  return {
    ProductType: id.model.productType,
    ProductVersion: id.productVersion,
    BuildVersion: id.buildVersion,
    SerialNumber: id.serial,
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
