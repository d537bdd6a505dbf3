import { useEffect, useRef } from 'react';
import { useStation } from '../store/station-store';

/**
 * Watches one device on the cart: calls `onLeft` when it is unplugged (or removed), `onBack` when
 * it is plugged in again. The kiosk confirms from what the cart sees, not from what was asked.
 */
export function useDevicePresence(udid: string | null, onLeft: () => void, onBack: () => void): void {
  const connected = useStation((s) => (udid ? (s.devices[udid]?.connected ?? false) : null));
  const callbacks = useRef({ onLeft, onBack });
  callbacks.current = { onLeft, onBack };
  useEffect(() => {
    if (connected === null) return;
    if (connected) callbacks.current.onBack();
    else callbacks.current.onLeft();
  }, [connected]);
}
