import { useSyncExternalStore } from 'react';

export type AdminTab = 'mdm' | 'identity' | 'enrollment' | 'users' | 'audit' | 'blueprints' | 'calibration' | 'shared' | 'settings';

export type Route =
  | { screen: 'cart' }
  | { screen: 'device'; udid: string }
  | { screen: 'staging' }
  | { screen: 'kiosk' }
  | { screen: 'flows' }
  | { screen: 'setup' }
  | { screen: 'admin'; tab: AdminTab };

const ADMIN_TABS: readonly AdminTab[] = ['mdm', 'identity', 'enrollment', 'users', 'audit', 'blueprints', 'calibration', 'shared', 'settings'];

/** Screens are hash routes (`#/device/UDID`): the page never navigates, which the shell forbids anyway. */
export function parseRoute(hash: string): Route {
  const [screen, arg] = hash.replace(/^#\/?/, '').split('/');
  switch (screen) {
    case 'device':
      return arg ? { screen: 'device', udid: decodeURIComponent(arg) } : { screen: 'cart' };
    case 'staging':
      return { screen: 'staging' };
    case 'kiosk':
      return { screen: 'kiosk' };
    case 'flows':
      return { screen: 'flows' };
    case 'setup':
      return { screen: 'setup' };
    case 'admin':
      return { screen: 'admin', tab: ADMIN_TABS.includes(arg as AdminTab) ? (arg as AdminTab) : 'mdm' };
    default:
      return { screen: 'cart' };
  }
}

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'device':
      return `#/device/${encodeURIComponent(route.udid)}`;
    case 'admin':
      return `#/admin/${route.tab}`;
    default:
      return `#/${route.screen}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
