import { createHash } from 'node:crypto';
import { toJsonView } from '../json-safe.js';
import { decodeDict } from '../plist-codec.js';
import type { VirtualDevice } from './device.js';

/** One device as GET /devices and VirtualCart.devices() report it. The first keys are a contract with scripts. */
export interface DeviceView {
  udid: string;
  serial: string;
  imei: string | null;
  productType: string;
  productVersion: string;
  name: string;
  deviceId: number;
  locationId: number;
  connected: boolean;
  battery: number;
  charging: boolean;
  activationState: string;
  passcode: boolean;
  /**
   * Effective trust answer: 'passcode' while locked; 'accept' while in Setup Assistant (no dialog,
   * lockdown/pairing.ts); else the Trust-dialog mode.
   */
  trust: 'accept' | 'pending' | 'deny' | 'passcode';
  pairedHostIds: string[];
  supervised: boolean;
  organizationName: string | null;
  cloudConfiguration: Record<string, unknown> | null;
  profiles: string[];
  storedProfile: { purpose: string; identifier: string | null; size: number; sha256: string } | null;
  counters: Record<string, number>;
  // Extras.
  buildVersion: string;
  deviceClass: string;
  marketingName: string;
  hardwareModel: string;
  wifiAddress: string;
  uniqueChipId: number;
  slot: number;
  portPath: string;
  connectionSpeed: number;
  locked: boolean;
  /** What the person answers once a dialog shows (past Setup Assistant). */
  trustDialog: 'accept' | 'pending' | 'deny';
  /** A Trust dialog is on screen and not answered yet. */
  trustDialogOpen: boolean;
  activationLock: boolean;
  adeAssigned: boolean;
  userEnrollment: boolean;
  setupCompleted: boolean;
  eraseReply: 'ack' | 'drop';
  profileDetails: { identifier: string; uuid: string; displayName: string; organization: string | null; isMdm: boolean; installedSilently: boolean; removalDisallowed: boolean }[];
  settings: Record<string, unknown>;
  /** Interactive installs waiting for the user's approval in Settings (not installed). */
  pendingProfiles: string[];
  tlsProtocol: string | null;
  /** The Wi-Fi entry usbmuxd lists for this UDID, or null. */
  networkTwin: { deviceId: number; address: string } | null;
  /** usbmuxd Connects that reached the device through its USB entry and through its Wi-Fi twin. */
  muxConnects: { usb: number; network: number };
}

export function viewOf(device: VirtualDevice): DeviceView {
  const id = device.identity;
  return {
    udid: id.udid,
    serial: id.serial,
    imei: id.imei,
    productType: id.model.productType,
    productVersion: id.productVersion,
    name: device.name,
    deviceId: device.deviceId,
    locationId: device.slot.locationId,
    connected: device.connected,
    battery: device.battery.percent,
    charging: device.battery.charging,
    activationState: device.activationLock ? 'Unactivated' : device.activationState,
    passcode: device.passcodeSet,
    trust: device.locked ? 'passcode' : device.setupCompleted ? device.trustMode : 'accept',
    pairedHostIds: [...device.pairings.keys()],
    supervised: device.supervised,
    organizationName: device.organizationName,
    cloudConfiguration: device.cloudConfiguration ? (toJsonView(device.cloudConfiguration) as Record<string, unknown>) : null,
    profiles: device.profiles.map((p) => p.identifier),
    storedProfile: device.storedProfile
      ? {
          purpose: device.storedProfile.purpose,
          identifier: profileIdentifier(device.storedProfile.raw),
          size: device.storedProfile.raw.length,
          sha256: createHash('sha256').update(device.storedProfile.raw).digest('hex'),
        }
      : null,
    counters: { ...device.counters },
    buildVersion: id.buildVersion,
    deviceClass: id.model.deviceClass,
    marketingName: id.model.marketingName,
    hardwareModel: id.model.hardwareModel,
    wifiAddress: id.wifiAddress,
    uniqueChipId: id.ecid,
    slot: device.slot.index,
    portPath: device.slot.portPath,
    connectionSpeed: device.connectionSpeed,
    locked: device.locked,
    trustDialog: device.trustMode,
    trustDialogOpen: device.trustDialog !== null && !device.trustDialog.trusted,
    activationLock: device.activationLock,
    adeAssigned: device.adeAssigned,
    userEnrollment: device.userEnrollment,
    setupCompleted: device.setupCompleted,
    eraseReply: device.eraseReply,
    profileDetails: device.profiles.map((p) => ({
      identifier: p.identifier,
      uuid: p.uuid,
      displayName: p.displayName,
      organization: p.organization ?? null,
      isMdm: p.isMdm,
      installedSilently: p.installedSilently,
      removalDisallowed: p.removalDisallowed,
    })),
    settings: toJsonView(device.settings) as Record<string, unknown>,
    pendingProfiles: device.pendingProfiles.map((p) => p.identifier),
    tlsProtocol: device.lastTlsProtocol,
    networkTwin: device.networkTwin ? { deviceId: device.networkTwin.deviceId, address: device.networkTwin.address } : null,
    muxConnects: { ...device.muxConnects },
  };
}

/** PayloadIdentifier of a profile, plain or CMS-signed (the XML sits inside the DER unchanged). */
function profileIdentifier(raw: Buffer): string | null {
  try {
    let bytes = raw;
    if (raw[0] === 0x30) {
      const start = raw.indexOf('<?xml');
      const end = raw.indexOf('</plist>');
      if (start < 0 || end < 0) return null;
      bytes = raw.subarray(start, end + '</plist>'.length);
    }
    const id = decodeDict(bytes).PayloadIdentifier;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
