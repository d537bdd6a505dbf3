import { useEffect } from 'react';
import { pickAction, type KioskAction } from './kiosk-machine';
import type { KioskFlows } from './kiosk-flows';

/**
 * While a check-out waits for its device to leave the cart, follows the station's `pick` events:
 * taken (recorded), a different device taken ("you took slot 7, not slot 3"), a ready one accepted
 * instead, or the pick lapsing or failing.
 */
export function usePickEvents(flows: KioskFlows, pickId: string | null, dispatch: (a: KioskAction) => void): void {
  useEffect(() => {
    if (!pickId) return;
    return flows.onPick(pickId, (p) => dispatch(pickAction(p)));
  }, [flows, pickId, dispatch]);
}
