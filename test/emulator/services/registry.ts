import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { serveActivation } from './activation.js';
import { serveAfc } from './afc.js';
import { serveDiagnostics } from './diagnostics.js';
import { serveImageMounter } from './image-mounter.js';
import { serveInstallationProxy } from './installation-proxy.js';
import { serveMcInstall } from './mcinstall.js';
import { serveNotificationProxy } from './notification-proxy.js';
import { serveSyslogRelay } from './syslog-relay.js';

export const DIAGNOSTICS_RELAY = 'com.apple.mobile.diagnostics_relay';
export const MOBILE_ACTIVATION = 'com.apple.mobileactivationd';
export const MCINSTALL = 'com.apple.mobile.MCInstall';
/** Startable without a session (lockdown/requests.ts startService). */
export const INSECURE_NOTIFICATION_PROXY = 'com.apple.mobile.insecure_notification_proxy';

type ServiceHandler = (stream: Duplex, device: VirtualDevice, ctx: CartContext) => void;

const HANDLERS = new Map<string, ServiceHandler>([
  [DIAGNOSTICS_RELAY, serveDiagnostics],
  [MOBILE_ACTIVATION, serveActivation],
  [MCINSTALL, serveMcInstall],
  // Services every stock device runs without a developer disk image.
  ['com.apple.afc', serveAfc],
  ['com.apple.mobile.installation_proxy', serveInstallationProxy],
  ['com.apple.syslog_relay', serveSyslogRelay],
  ['com.apple.mobile.notification_proxy', serveNotificationProxy],
  [INSECURE_NOTIFICATION_PROXY, serveNotificationProxy],
  ['com.apple.mobile.mobile_image_mounter', serveImageMounter],
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
