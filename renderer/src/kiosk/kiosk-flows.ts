import type { HostedOutput, KioskCredential, PickView } from '../../../electron/api/index.js';
import type { Transport } from '../transport/transport';

export type Identity = HostedOutput<'kiosk.identify'>;
export type Assignment = HostedOutput<'kiosk.checkOut'>;
export type PickStatus = HostedOutput<'kiosk.pick'>;

/** The kiosk's only way to the station: the screen depends on this small interface. */
export interface KioskFlows {
  identify(credential: KioskCredential): Promise<Identity>;
  checkOut(credential: KioskCredential): Promise<Assignment>;
  checkIn(credential: KioskCredential, udid?: string): Promise<Assignment>;
  /** How a check-out's pick goes now: taken, a different device taken, lapsed. */
  pick(pickId: string): Promise<PickStatus>;
  /** Follows one pick: the station's `pick` events for it, as they happen. Returns unsubscribe. */
  onPick(pickId: string, listener: (pick: PickView) => void): () => void;
  /** How this station signs people in (two factors: badge, then PIN); absent means badge or PIN. */
  signIn?(): Promise<{ badgeNeedsPin: boolean }>;
}

export function kioskFlows(transport: Transport): KioskFlows {
  return {
    identify: (credential) => transport.call('kiosk.identify', { credential }),
    checkOut: (credential) => transport.call('kiosk.checkOut', { credential }),
    checkIn: (credential, udid) => transport.call('kiosk.checkIn', { credential, ...(udid ? { udid } : {}) }),
    pick: (pickId) => transport.call('kiosk.pick', { pickId }),
    onPick: (pickId, listener) =>
      transport.subscribe(
        (e) => {
          if (e.type === 'pick' && e.pick.pickId === pickId) listener(e.pick);
        },
        // Once the link is open (again), where the pick stands: a change made before then was no event here.
        (status) => {
          if (status === 'open') transport.call('kiosk.pick', { pickId }).then(listener, () => undefined);
        },
      ),
    signIn: async () => ({ badgeNeedsPin: (await transport.call('station.info', {})).kiosk?.badgeNeedsPin === true }),
  };
}
