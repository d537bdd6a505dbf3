import type { ActivationAuthority } from './activation-server/authority.js';
import type { KeyPool } from './device/keys.js';
import type { VirtualDevice } from './device/device.js';
import type { FaultRegistry } from './faults.js';
import type { Latency } from './latency.js';
import type { ProtocolCounters } from './protocol-counters.js';

export type RebootKind = 'restart' | 'shutdown' | 'erase';

/** What protocol handlers may ask of the cart that hosts the device. */
export interface CartContext {
  readonly latency: Latency;
  readonly faults: FaultRegistry;
  readonly keys: KeyPool;
  /** Apple's and the devices' activation secrets (the stand-in activation server signs with them). */
  readonly activation: ActivationAuthority;
  /** Sessions, handshakes and service starts the hosts asked for (protocol-counters.ts). */
  readonly protocolCounters: ProtocolCounters;
  now(): number;
  log(udid: string, message: string): void;
  /** The device leaves the cart (Detached) and stays away until plugged again. */
  unplug(device: VirtualDevice): void;
  /** Detach, wait the reboot time, re-attach with a new DeviceID; `erase` also wipes the device first. */
  reboot(device: VirtualDevice, kind: RebootKind): void;
  /** State worth keeping across restarts changed (pairings, name…). */
  changed(): void;
  /** CMS verification for supervised pairing (mcinstall/cms-verify.ts). */
  cmsVerifier(): Promise<CmsVerifier | null>;
}

export type CmsVerifier = (signedDer: Buffer, trustedCertsDer: Buffer[]) => { ok: boolean; content: Buffer | null };
