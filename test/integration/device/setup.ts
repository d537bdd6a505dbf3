/** Shared set-up for the device integration suites: one cart daemon and one DeviceLayer per transport. */
import { DeviceLayer } from '../../../electron/device/device-layer.js';
import { memoryHostIdentityStore } from '../../../electron/device/host-identity.js';
import { pairDevice, type PairOptions, type PairResult } from '../../../electron/device/pairing.js';
import { nativeTransport } from '../../../electron/device/transport.js';
import type { DeviceTransport } from '../../../electron/device/transport-types.js';
import { CartDaemon, type CartOptions, type Transport } from '../../helpers/cart-daemon.js';

export const TRANSPORTS: Transport[] = ['tcp', 'unix'];

export interface Harness {
  cart: CartDaemon;
  layer: DeviceLayer;
  udids: string[];
  /** An explicit Pair with the layer's host identity (the station itself only ever calls ensurePaired). */
  pair(udid: string, options?: Omit<PairOptions, 'identity'>): Promise<PairResult>;
  close(): Promise<void>;
}

/**
 * Starts the cart, points libusbmuxd at it and waits until the watcher sees every device.
 * `transport`: the real addon's, or one built from it (e.g. with a capability turned off).
 */
export async function startHarness(options: CartOptions, transport: () => DeviceTransport = nativeTransport): Promise<Harness> {
  const cart = new CartDaemon(options);
  await cart.start();
  process.env.USBMUXD_SOCKET_ADDRESS = cart.usbmuxd;
  process.env.CARTWRIGHT_ACTIVATION_URL = cart.activation;
  const identity = memoryHostIdentityStore();
  const layer = new DeviceLayer({ transport: transport(), identity, label: 'cartwright-test' });
  layer.start();
  await layer.watcher.waitForCount(options.devices, 45_000);
  return {
    cart,
    layer,
    udids: layer.watcher.list().map((d) => d.udid),
    async pair(udid, pairOptions = {}) {
      return pairDevice(layer.context, udid, { ...pairOptions, identity: await identity.load() });
    },
    async close() {
      await layer.stop();
      await cart.dispose();
    },
  };
}
