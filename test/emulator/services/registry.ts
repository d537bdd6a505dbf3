import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { serveActivation } from './activation.js';
import { serveDiagnostics } from './diagnostics.js';
import { serveMcInstall } from './mcinstall.js';

export const DIAGNOSTICS_RELAY = 'com.apple.mobile.diagnostics_relay';
export const MOBILE_ACTIVATION = 'com.apple.mobileactivationd';
export const MCINSTALL = 'com.apple.mobile.MCInstall';

type ServiceHandler = (stream: Duplex, device: VirtualDevice, ctx: CartContext) => void;

const HANDLERS = new Map<string, ServiceHandler>([
  [DIAGNOSTICS_RELAY, serveDiagnostics],
  [MOBILE_ACTIVATION, serveActivation],
  [MCINSTALL, serveMcInstall],
]);

export const KNOWN_SERVICES: ReadonlySet<string> = new Set(HANDLERS.keys());

export function serveService(name: string, stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  const handler = HANDLERS.get(name);
  if (!handler) {
    stream.destroy();
    return;
  }
  handler(stream, device, ctx);
}
