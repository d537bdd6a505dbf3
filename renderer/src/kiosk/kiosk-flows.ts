import type { HostedOutput, KioskCredential } from '../../../electron/api/index.js';
import type { Transport } from '../transport/transport';

export type Identity = HostedOutput<'kiosk.identify'>;
export type Assignment = HostedOutput<'kiosk.checkOut'>;
export type PickStatus = HostedOutput<'kiosk.pick'>;

/** The kiosk's only way to the station: the screen depends on this small interface. */
export interface KioskFlows {
  identify(credential: KioskCredential): Promise<Identity>;
  checkOut(credential: KioskCredential): Promise<Assignment>;
  checkIn(credential: KioskCredential, udid?: string): Promise<Assignment>;
  /** How a check-out's pick goes: taken, a different device taken, lapsed. */
  pick(pickId: string): Promise<PickStatus>;
  /** How this station signs people in (two factors: badge, then PIN); absent means badge or PIN. */
  signIn?(): Promise<{ badgeNeedsPin: boolean }>;
}

export function kioskFlows(transport: Transport): KioskFlows {
  return {
    identify: (credential) => transport.call('kiosk.identify', { credential }),
    checkOut: (credential) => transport.call('kiosk.checkOut', { credential }),
    checkIn: (credential, udid) => transport.call('kiosk.checkIn', { credential, ...(udid ? { udid } : {}) }),
    pick: (pickId) => transport.call('kiosk.pick', { pickId }),
    signIn: async () => ({ badgeNeedsPin: (await transport.call('station.info', {})).kiosk?.badgeNeedsPin === true }),
  };
}
