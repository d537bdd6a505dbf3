import type { CartMap } from '../cart/cart-map.js';
import type { DeviceLayer } from '../device/device-layer.js';
import type { StationFlows } from '../flows/station-flows.js';
import type { StagingRunner } from '../staging/runner.js';
import type { Store } from '../store/store.js';
import type { MdmServices } from './mdm-services.js';
import type { DeviceRegistry } from './registry.js';
import type { Station } from './station.js';
import type { ResolvedStationOptions } from './station-options.js';
import type { StationSecrets } from './station-secrets.js';

/** The parts a `Station` composes, as tests and benches inspect them. */
export interface StationInternals {
  options: ResolvedStationOptions;
  /** The real SQLite store: tests seed it and read what a command left behind. */
  store: Store;
  /** The device layer over the addon (benches time its watcher). */
  layer: DeviceLayer;
  cart: CartMap;
  registry: DeviceRegistry;
  runner: StagingRunner;
  flows: StationFlows;
  /** The MDM link: its outbox worker (stopped or woken by tests) and the sync schedule. */
  mdmLink: MdmServices;
  secrets: StationSecrets;
}

/**
 * TEST-ONLY: a station's private parts, for tests and benches that legitimately inspect them
 * (test/, test/bench/, scripts/). Hosts never need this: they have the station's handlers, its
 * event stream and its lifecycle. Lint forbids importing this file from anywhere under electron/
 * (`cartwright/no-test-only-imports` in eslint.config.js), so production code cannot grow back into
 * a service locator through it.
 */
export function stationInternals(station: Station): StationInternals {
  // Element access is TypeScript's deliberate way past `private`; this function is the one place
  // that takes it, so every reach into a station's parts is visible as a call to it.
  return {
    options: station['options'],
    store: station['store'],
    layer: station['layer'],
    cart: station['cart'],
    registry: station['registry'],
    runner: station['runner'],
    flows: station['flows'],
    mdmLink: station['mdmLink'],
    secrets: station['secrets'],
  };
}
