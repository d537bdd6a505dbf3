import type { CommandOutput } from './commands.js';
import type { DeviceSummary } from './device.js';
import type { StationEvent } from './events.js';
import type { HostedCommandName } from './hosted.js';

/**
 * What a kiosk screen is shown: enough to find a slot and see a device leave or come back, nothing
 * that identifies the station's files, its supervision identity, the devices' serials and IMEIs or
 * who holds which device. Hosts in kiosk mode pass every answer and event through here.
 */

/** One device as a kiosk sees it: its slot, name, model and state; no serial, IMEI, holder or port. */
export function kioskDevice(d: DeviceSummary): DeviceSummary {
  return {
    ...d,
    serial: null,
    imei: null,
    portId: null,
    holder: null,
    organizationName: null,
    stateDetail: null,
    progress: null,
    step: null,
    code: null,
    // The device's own error chain stays in the station's journal.
    error: d.error ? { code: d.error.code, message: d.error.message } : null,
  };
}

type StationInfo = CommandOutput<'station.info'>;

/** station.info without the data directory, usbmuxd address and identity fingerprint. */
export function kioskStationInfo(info: StationInfo): StationInfo {
  return {
    version: info.version,
    dataDir: '',
    usbmuxd: '',
    identity: null,
    mdm: { kind: info.mdm.kind },
    autoStage: { enabled: false, blueprint: null },
    ...(info.kiosk ? { kiosk: info.kiosk } : {}),
  };
}

/** A command's answer as the kiosk may see it (commands not listed here pass unchanged). */
export function kioskOutput(name: HostedCommandName, output: unknown): unknown {
  if (name === 'station.info') return kioskStationInfo(output as StationInfo);
  if (name === 'devices.list') return (output as DeviceSummary[]).map(kioskDevice);
  return output;
}

/**
 * The events a kiosk needs: devices (slot, connected), the cart layout and picks (without the
 * person). Batch progress and notices (which name devices, jobs and people) stay on the admin
 * screens.
 */
export function kioskEvent(event: StationEvent): StationEvent | null {
  switch (event.type) {
    case 'devices':
      return { type: 'devices', devices: event.devices.map(kioskDevice) };
    case 'device-removed':
    case 'cart':
      return event;
    case 'pick':
      // The screen that made the pick follows it by its id; whose pick it is stays off the wire.
      return { type: 'pick', pick: { ...event.pick, user: { username: '', displayName: '' } } };
    default:
      return null;
  }
}
