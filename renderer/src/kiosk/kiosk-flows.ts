import type { HostedOutput, KioskCredential } from '../../../electron/api/index.js';
import type { Transport } from '../transport/transport';

export type Identity = HostedOutput<'kiosk.identify'>;
export type Assignment = HostedOutput<'kiosk.checkOut'>;

/**
 * The kiosk's only way to the station. The check-out/check-in flows (and their commands) belong to
 * the flows issue; the screen depends on this small interface, so they plug in here unchanged.
 */
export interface KioskFlows {
  identify(credential: KioskCredential): Promise<Identity>;
  checkOut(credential: KioskCredential): Promise<Assignment>;
  checkIn(credential: KioskCredential, udid?: string): Promise<Assignment>;
}

export function kioskFlows(transport: Transport): KioskFlows {
  return {
    identify: (credential) => transport.call('kiosk.identify', { credential }),
    checkOut: (credential) => transport.call('kiosk.checkOut', { credential }),
    checkIn: (credential, udid) => transport.call('kiosk.checkIn', { credential, ...(udid ? { udid } : {}) }),
  };
}
