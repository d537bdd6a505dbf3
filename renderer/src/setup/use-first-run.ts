import { useEffect, useRef } from 'react';
import { navigate, type Route } from '../nav/route';
import { useTransport } from '../store/client';
import { setupDismissed } from './dismissal';
import { shouldOpenSetup } from './setup-steps';

/**
 * Opens the setup wizard once per page load on a station with no supervision identity, unless its
 * technician dismissed the wizard on this station. Only from the landing screen: a link to a
 * device or to Admin is followed as given.
 */
export function useFirstRun(route: Route, enabled: boolean): void {
  const transport = useTransport();
  const asked = useRef(false);
  const landing = route.screen === 'cart';
  useEffect(() => {
    if (!enabled || asked.current) return;
    asked.current = true;
    if (!landing) return;
    void (async () => {
      try {
        const [check, info] = await Promise.all([transport.call('identity.check', {}), transport.call('station.info', {})]);
        if (shouldOpenSetup(check.identity, setupDismissed(info.dataDir)) && window.location.hash.replace(/^#\/?/, '') === '') navigate({ screen: 'setup' });
      } catch {
        // Not knowing is not a reason to take over the screen; "Set up this station" is always there.
      }
    })();
  }, [enabled, landing, transport]);
}
