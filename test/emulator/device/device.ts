import type { Duplex } from 'node:stream';
import type { InstalledProfile, McInstallDevice } from '../mcinstall/contract.js';
import type { NetworkTwin } from '../usbmux/network-twin.js';
import type { Battery } from './battery.js';
import { connectionSpeedFor, type DeviceIdentity, type Slot } from './population.js';

export type TrustMode = 'accept' | 'pending' | 'deny';
/**
 * How MCInstall EraseDevice ends. 'ack': Acknowledged, then the device goes down (the decompiled
 * tunnel parser replies first, docs/device-protocols.md §4.2). 'drop': the device goes down without a
 * reply; pymobiledevice3 (services/mobile_config.py erase_device: "the connection is normally
 * terminated by the device as it begins erasing") and go-ios (ios/mcinstall/erase.go accepts
 * io.EOF) both expect it.
 */
export type EraseReply = 'ack' | 'drop';
export type ActivationState = McInstallDevice['activationState'];

/**
 * "Trust This Computer?" on screen. `tapAt`: when the realistic person will tap Trust (null: they
 * are not going to, e.g. trustMode pending); `trusted`: Trust was tapped and the next Pair is
 * accepted.
 */
export interface TrustDialog {
  tapAt: number | null;
  timer: NodeJS.Timeout | null;
  trusted: boolean;
}

/** What the device remembers about a host after Pair (§3.12). */
export interface DevicePairing {
  hostId: string;
  systemBuid: string | null;
  deviceCertificate: Buffer;
  hostCertificate: Buffer;
  rootCertificate: Buffer;
  escrowBag: Buffer;
  pairedAt: string;
}

/** Mutable per-device state; protocol handlers read and change it, the control API reports it. */
export class VirtualDevice implements McInstallDevice {
  name: string;
  activationState: ActivationState = 'Activated';
  adeAssigned = false;
  userEnrollment = false;
  setupCompleted = false;
  profiles: InstalledProfile[] = [];
  pendingProfiles: InstalledProfile[] = [];
  cloudConfiguration: Record<string, unknown> | null = null;
  storedProfile: { purpose: string; raw: Buffer } | null = null;
  settings: Record<string, unknown> = {};
  counters: Record<string, number> = {};

  /** Activation Lock: activation (control hook or mobileactivationd) is refused. */
  activationLock = false;
  /** The activation request the device made last (session nonce, ActivationRandomness); a record must answer it. */
  activationRequest: { nonce: Buffer | null; randomness: string | null } | null = null;
  locked = false;
  trustMode: TrustMode = 'accept';
  eraseReply: EraseReply = 'ack';
  /** The Trust dialog on screen (lockdown/trust-dialog.ts); null while none is shown. */
  trustDialog: TrustDialog | null = null;
  readonly pairings = new Map<string, DevicePairing>();
  /** Outstanding supervised-pairing challenge (§3.6). */
  pairingChallenge: Buffer | null = null;
  /** SetValue results outside the modelled keys, per domain ('' = default domain). */
  readonly extraValues = new Map<string, Record<string, unknown>>();

  /** Negotiated version of the last lockdown TLS session, e.g. 'TLSv1' on the iOS 9 path. */
  lastTlsProtocol: string | null = null;
  deviceId = 0;
  connected = false;
  readonly tunnels = new Set<Duplex>();
  /** The Wi-Fi entry usbmuxd lists for this UDID (usbmux/network-twin.ts); null when off Wi-Fi. */
  networkTwin: NetworkTwin | null = null;
  /** The twin should be listed whenever the device is up (it leaves Wi-Fi while rebooting). */
  networkTwinWanted = false;
  /** usbmuxd Connects that reached this device, by the kind of entry they targeted. */
  readonly muxConnects = { usb: 0, network: 0 };
  /** Device port → service name, from StartService; kept until the device detaches. */
  readonly servicePorts = new Map<number, string>();
  nextServicePort = 49152;

  private passcode = false;

  constructor(
    readonly identity: DeviceIdentity,
    readonly slot: Slot,
    readonly keyIndex: number,
    readonly battery: Battery,
  ) {
    this.name = identity.model.deviceClass;
  }

  get udid(): string {
    return this.identity.udid;
  }

  get productVersion(): string {
    return this.identity.productVersion;
  }

  get connectionSpeed(): number {
    return connectionSpeedFor(this.identity.model, this.slot);
  }

  get passcodeSet(): boolean {
    return this.passcode;
  }

  set passcodeSet(value: boolean) {
    this.passcode = value;
    // Clearing the passcode (MCInstall ClearPasscode) also unlocks the screen.
    if (!value) this.locked = false;
  }

  get supervised(): boolean {
    return this.cloudConfiguration?.IsSupervised === true;
  }

  get organizationName(): string | null {
    const org = this.cloudConfiguration?.OrganizationName;
    return typeof org === 'string' ? org : null;
  }

  count(request: string): void {
    this.counters[request] = (this.counters[request] ?? 0) + 1;
  }

  allocateServicePort(service: string): number {
    const port = this.nextServicePort;
    this.nextServicePort = this.nextServicePort >= 65000 ? 49152 : this.nextServicePort + 1;
    this.servicePorts.set(port, service);
    if (this.servicePorts.size > 256) {
      const oldest = this.servicePorts.keys().next().value;
      if (oldest !== undefined) this.servicePorts.delete(oldest);
    }
    return port;
  }

  /** The dialog goes away (answered, device unplugged or erased): no tap is due any more. */
  closeTrustDialog(): void {
    if (this.trustDialog?.timer) clearTimeout(this.trustDialog.timer);
    this.trustDialog = null;
  }

  /** Drops every open tunnel, as pulling the cable does. */
  dropTunnels(): void {
    for (const t of this.tunnels) t.destroy();
    this.tunnels.clear();
    this.servicePorts.clear();
  }

  /** "Erase All Content and Settings": the identity stays, everything the user or a host set goes. */
  eraseContentAndSettings(): void {
    this.name = this.identity.model.deviceClass;
    this.activationState = 'Unactivated';
    this.activationRequest = null;
    this.setupCompleted = false;
    this.passcodeSet = false;
    this.locked = false;
    this.cloudConfiguration = null;
    this.profiles = [];
    this.pendingProfiles = [];
    this.storedProfile = null;
    this.settings = {};
    this.pairings.clear();
    this.pairingChallenge = null;
    this.closeTrustDialog();
    this.extraValues.clear();
  }
}
