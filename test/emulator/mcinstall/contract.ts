/**
 * The seam between the virtual cart's device core (usbmuxd, lockdownd, TLS, control API) and its
 * MCInstall service (request table §4.2, state machine §4.8 of docs/device-protocols.md).
 * The core owns the device object and the service-port plumbing; MCInstall owns the requests.
 */

/** One installed configuration profile as the emulated device keeps it. */
export interface InstalledProfile {
  identifier: string;
  uuid: string;
  displayName: string;
  organization?: string;
  description?: string;
  removalDisallowed: boolean;
  /** Payload identifiers/types inside, for GetProfileList's metadata. */
  payloadTypes: string[];
  /** True when the profile contains a com.apple.mdm payload. */
  isMdm: boolean;
  installedSilently: boolean;
  /** The exact bytes received (XML, binary or CMS-signed). */
  raw: Buffer;
  /** The profile's top-level plist, parsed (after removing any CMS wrapper). */
  plist: Record<string, unknown>;
  signerCertificates?: Buffer[];
}

/** The device-side facts MCInstall reads and changes. The core's device object implements this. */
export interface McInstallDevice {
  readonly udid: string;
  readonly productVersion: string;
  activationState: 'Activated' | 'Unactivated' | 'FactoryActivated';
  /** Set when the device is assigned to an MDM server through ADE (Automated Device Enrollment). */
  adeAssigned: boolean;
  /** BYOD User Enrollment: no serial reported, cannot be supervised. */
  userEnrollment: boolean;
  /** Setup Assistant finished (a device in use); SetCloudConfiguration is refused with 14002 then. */
  setupCompleted: boolean;
  passcodeSet: boolean;
  /** The cloud configuration dictionary as stored by the device (after §4.6 normalisation), or null. */
  cloudConfiguration: Record<string, unknown> | null;
  /** Installed profiles in install order. */
  profiles: InstalledProfile[];
  /**
   * Added by MCInstall (optional): profiles sent with interactive InstallProfile to a device that
   * is not supervised, waiting for the user to approve them in Settings. Not installed, not listed.
   */
  pendingProfiles?: InstalledProfile[];
  /** StoreProfile's payload, installed by Setup Assistant later (e.g. an MDM enrollment profile). */
  storedProfile: { purpose: string; raw: Buffer } | null;
  /** Wallpaper / Settings applied through MCInstall, for the control API. */
  settings: Record<string, unknown>;
  /** Request name → times received (EraseDevice, SetCloudConfiguration, InstallProfile…). */
  counters: Record<string, number>;
}

/** What MCInstall asks of the rest of the emulated device. */
export interface McInstallHost {
  /** EraseDevice: the core detaches the device, waits the reboot delay, re-attaches it unactivated and unpaired. */
  eraseDevice(options: { preserveDataPlan: boolean; disallowProximitySetup: boolean }): void;
  /** Current time (injectable for tests). */
  now(): Date;
  /**
   * Added by MCInstall (optional): SetCloudConfiguration stored `AllowPairing: false`, so the device
   * deletes every existing host pairing (§4.6 step 5); later pairings need the supervisor challenge.
   */
  deleteHostPairings?(): void;
}

/** One MCInstall connection. Escalation state lives here, per connection, as on a real device. */
export interface McInstallSession {
  /** Handle one request dict (`RequestType` + arguments) and return the reply dict. */
  handle(request: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export type CreateMcInstallSession = (device: McInstallDevice, host: McInstallHost) => McInstallSession;
