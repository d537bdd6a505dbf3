import type { ErrorCode } from '../api/errors.js';

/**
 * What staging needs from a device, and nothing more. The station wires it to the device layer
 * (electron/device); staging decides, the port acts. Every method may throw an error carrying a
 * stable `code` (see electron/api/errors.ts) — the failure policy decides what happens next.
 */
export interface DeviceFacts {
  udid: string;
  serial: string | null;
  imei: string | null;
  productType: string | null;
  model: string | null;
  productVersion: string | null;
  name: string | null;
  activationState: string | null;
  battery: number | null;
  charging: boolean | null;
  /**
   * From GetCloudConfiguration: 'in-setup-assistant' = no configuration stored (fresh or erased);
   * 'set-up' = CloudConfigurationUIComplete, past the point where a configuration can be set
   * (finished by a person, or prepared): SetCloudConfiguration answers 14002 until erased.
   */
  setupState: 'in-setup-assistant' | 'set-up';
  /** A configuration was applied (IsSupervised or ConfigurationWasApplied), by us, another organization or ADE. */
  cloudConfigured: boolean;
  supervised: boolean;
  organizationName: string | null;
  /** DER certificates of the organizations allowed to supervise it (SupervisorHostCertificates). */
  supervisorCertificates: Buffer[];
  profiles: { identifier: string; uuid: string | null; displayName: string | null }[];
  /** 'unknown' unless the device gave reliable evidence; staging never erases or refuses on a guess. */
  enrollmentType: 'device' | 'user' | 'unknown';
  /** Locked right now (lockdown PasswordProtected). */
  locked: boolean;
  /** Has a passcode: read only on an escalated connection (SecurityInfo), else null. */
  passcodePresent: boolean | null;
}

/**
 * The facts a step may re-read alone after changing only them (`DevicePort.refreshFacts`): one
 * request instead of facts()' four (lockdown values, battery, cloud configuration, profiles).
 */
export interface FactsParts {
  /** lockdown GetValue ActivationState. */
  activation: Pick<DeviceFacts, 'activationState'>;
  /** MCInstall GetCloudConfiguration. */
  'cloud-configuration': Pick<DeviceFacts, 'setupState' | 'cloudConfigured' | 'supervised' | 'organizationName' | 'supervisorCertificates'>;
  /** MCInstall GetProfileList. */
  profiles: Pick<DeviceFacts, 'profiles'>;
}
export type FactsPart = keyof FactsParts;

/** The station's supervision identity as staging uses it: its certificate and a CMS signer. */
export interface SupervisorIdentity {
  organization: string;
  certificateDer: Buffer;
  /** CMS SignedData (DER, SHA-256, signer certificate included, content embedded). */
  sign(content: Buffer): Promise<Buffer>;
}

export interface PortCallOptions {
  signal?: AbortSignal;
}

export interface DevicePort {
  /** Pair (or validate the existing pairing). Calls `onTrustPending` while the Trust dialog waits. */
  pair(udid: string, options: PortCallOptions & { onTrustPending?: () => void; identity?: SupervisorIdentity | null }): Promise<void>;
  facts(udid: string, options?: PortCallOptions): Promise<DeviceFacts>;
  /** What the device reports now for `part` of its facts, read alone (see FactsParts). */
  refreshFacts<P extends FactsPart>(udid: string, part: P, options?: PortCallOptions): Promise<FactsParts[P]>;
  /** EraseDevice; a connection the device drops once the request is out counts as done. */
  erase(udid: string, options?: PortCallOptions): Promise<void>;
  /** An erase this station sent has not yet been followed by the device detaching and coming back. */
  rebootPending(udid: string): boolean;
  /**
   * Resolves when the device is attached again after a reboot: after an erase this station sent,
   * only once it has detached and re-attached; otherwise as soon as it is attached.
   */
  waitForAttach(udid: string, options: PortCallOptions & { timeoutMs: number }): Promise<void>;
  /**
   * Activates an Unactivated device through Apple's activation server (the station's configured
   * one). Resolves with the protocol path used, or null when it was activated already. Rejects with
   * ACTIVATION_LOCKED, ACTIVATION_SERVER_UNREACHABLE or NOT_ACTIVATED (refused by Apple or the device).
   */
  activate(udid: string, options?: PortCallOptions): Promise<{ path: string | null }>;
  /**
   * SetCloudConfiguration. With `AllowPairing: false` the device forgets every host pairing; given
   * the supervision identity, the port pairs again as the supervisor before it resolves.
   */
  setCloudConfiguration(udid: string, config: Record<string, unknown>, options?: PortCallOptions & { identity?: SupervisorIdentity | null }): Promise<void>;
  /**
   * Escalate with the supervision identity; rejects with ESCALATION_REJECTED when the device
   * refuses it. Resolves with what the escalated connection tells (SecurityInfo's PasscodePresent).
   */
  escalate(udid: string, identity: SupervisorIdentity, options?: PortCallOptions): Promise<{ passcodePresent: boolean | null } | void>;
  /** Install a profile; `identity` given → escalated silent install (supervised devices). */
  installProfile(udid: string, profile: Buffer, options: PortCallOptions & { identity: SupervisorIdentity | null }): Promise<void>;
  storeProfile(udid: string, profile: Buffer, options?: PortCallOptions): Promise<void>;
  storedProfile(udid: string, options?: PortCallOptions): Promise<Buffer | null>;
  /** Resolves with the name the device reports after the change (it may trim it). */
  rename(udid: string, name: string, options?: PortCallOptions): Promise<{ name: string }>;
  /** The job on this device ended: let go of what the port kept for it (an escalated connection). */
  release?(udid: string): Promise<void>;
  setWallpaper(udid: string, image: Buffer, where: 'lock' | 'home' | 'both', options: PortCallOptions & { identity: SupervisorIdentity | null }): Promise<void>;
}

/** An error with a stable code, thrown by staging itself (device errors come from the port). */
export class StagingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly remedy?: string,
  ) {
    super(message);
    this.name = 'StagingError';
  }
}
