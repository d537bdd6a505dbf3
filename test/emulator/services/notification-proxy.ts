import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { encodeFrame, readFrames } from '../lockdown/framing.js';
import { asString, type PlistDict } from '../plist-codec.js';
import { sendReply, write } from './framed.js';

/**
 * `com.apple.mobile.notification_proxy`: Darwin notifications between host and device. Host
 * commands `ObserveNotification` / `PostNotification` / `Shutdown` carry `{Command, Name}` and get
 * no reply, except Shutdown → `{Command: ProxyDeath}`; an observed notification arrives as
 * `{Command: RelayNotification, Name}` (pymobiledevice3 services/notification_proxy.py,
 * libimobiledevice np_observe_notification). A host's post is broadcast on the device, so every
 * connection of that device observing the name hears it, the poster included.
 *
 * `com.apple.mobile.insecure_notification_proxy` speaks the same protocol on the same bus
 * (pymobiledevice3 services/notification_proxy.py INSECURE_SERVICE_NAME selects the name and
 * nothing else); lockdownd starts it without a session, for hosts the device does not trust yet
 * (usbmuxd src/preflight.c observes lockdown.request_pair on it after StartSession failed).
 */
interface Observer {
  names: Set<string>;
  relay(name: string): void;
}

const observers = new WeakMap<VirtualDevice, Set<Observer>>();

function observersOf(device: VirtualDevice): Set<Observer> {
  let all = observers.get(device);
  if (!all) {
    all = new Set<Observer>();
    observers.set(device, all);
  }
  return all;
}

/** Posts a notification on the device (from the host, or from the emulator itself). */
export function postDeviceNotification(device: VirtualDevice, name: string): void {
  for (const o of [...(observers.get(device) ?? [])]) if (o.names.has(name)) o.relay(name);
}

/**
 * An in-process observer on the device's bus, for a host the emulator plays itself (the usbmuxd
 * preflight's insecure_notification_proxy client). Returns the function that stops observing.
 */
export function observeDeviceNotifications(device: VirtualDevice, names: string[], hear: (name: string) => void): () => void {
  const self: Observer = { names: new Set(names), relay: hear };
  const all = observersOf(device);
  all.add(self);
  return () => all.delete(self);
}

export function serveNotificationProxy(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  const self: Observer = { names: new Set(), relay: (name) => write(stream, encodeFrame({ Command: 'RelayNotification', Name: name })) };
  const all = observersOf(device);
  all.add(self);
  stream.once('close', () => all.delete(self));

  const reader = readFrames(
    stream,
    async (request: PlistDict) => {
      const command = asString(request.Command) ?? 'Unknown';
      const name = asString(request.Name);
      device.count(command);
      ctx.log(device.udid, `notification_proxy ${command}${name ? ` ${name}` : ''}`);
      if (command === 'ObserveNotification' && name) self.names.add(name);
      else if (command === 'PostNotification' && name) postDeviceNotification(device, name);
      else if (command === 'Shutdown') {
        if (await sendReply(stream, device, ctx, command, { Command: 'ProxyDeath' })) stream.end();
      }
    },
    () => {
      reader.detach();
      stream.destroy();
    },
  );
}
