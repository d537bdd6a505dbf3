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
  /** A cloud configuration is present (set by us, another organization, or ADE). */
  cloudConfigured: boolean;
  supervised: boolean;
  organizationName: string | null;
  /** DER certificates of the organizations allowed to supervise it (SupervisorHostCertificates). */
  supervisorCertificates: Buffer[];
  profiles: { identifier: string; uuid: string | null; displayName: string | null }[];
  enrollmentType: 'device' | 'user';
  passcodePresent: boolean | null;
}

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
  erase(udid: string, options?: PortCallOptions): Promise<void>;
  /** Resolves when the device is attached (again), e.g. after an erase's reboot. */
  waitForAttach(udid: string, options: PortCallOptions & { timeoutMs: number }): Promise<void>;
  setCloudConfiguration(udid: string, config: Record<string, unknown>, options?: PortCallOptions): Promise<void>;
  /** Escalate with the supervision identity; rejects with ESCALATION_REJECTED when the device refuses it. */
  escalate(udid: string, identity: SupervisorIdentity, options?: PortCallOptions): Promise<void>;
  /** Install a profile; `identity` given → escalated silent install (supervised devices). */
  installProfile(udid: string, profile: Buffer, options: PortCallOptions & { identity: SupervisorIdentity | null }): Promise<void>;
  storeProfile(udid: string, profile: Buffer, options?: PortCallOptions): Promise<void>;
  storedProfile(udid: string, options?: PortCallOptions): Promise<Buffer | null>;
  rename(udid: string, name: string, options?: PortCallOptions): Promise<void>;
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
