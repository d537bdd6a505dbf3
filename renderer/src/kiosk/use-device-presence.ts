import { useEffect, useRef } from 'react';
import { useStation } from '../store/station-store';

/**
 * Watches one device on the cart: calls `onBack` when it is plugged in (a check-in is confirmed by
 * what the cart sees). A check-out is not confirmed here: only the station's pick says "taken".
 */
export function useDevicePresence(udid: string | null, onBack: () => void): void {
  const connected = useStation((s) => (udid ? (s.devices[udid]?.connected ?? false) : null));
  const callback = useRef(onBack);
  callback.current = onBack;
  useEffect(() => {
    if (connected) callback.current();
  }, [connected]);
}
