import { useEffect } from 'react';
import type { KioskAction } from './kiosk-machine';
import type { KioskFlows } from './kiosk-flows';

const POLL_MS = 1_000;

/**
 * While a check-out waits for its device to leave the cart, asks the station how the pick goes:
 * a different device taken ("you took slot 7, not slot 3"), a ready one accepted instead, or the
 * pick lapsing. The device leaving is also seen directly (useDevicePresence); this adds the rest.
 */
export function usePickStatus(flows: KioskFlows, pickId: string | null, dispatch: (a: KioskAction) => void): void {
  useEffect(() => {
    if (!pickId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const p = await flows.pick(pickId);
        if (stopped) return;
        if (p.state === 'swapped') return dispatch({ type: 'swapped', device: p.device, note: p.message });
        if (p.state === 'taken') return dispatch({ type: 'device-left' });
        if (p.state === 'expired' || p.state === 'cancelled') return dispatch({ type: 'failed', error: { code: 'CONFLICT', message: p.message ?? 'The check-out lapsed.', remedy: 'Scan your badge again.' } });
        dispatch({ type: 'pick-warning', warning: p.state === 'wrong-device' ? p.message : null });
      } catch {
        // A station without pick tracking, or a blip: the cart's own events still confirm the pick.
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [flows, pickId, dispatch]);
}
