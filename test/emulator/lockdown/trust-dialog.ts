/**
 * "Trust This Computer?" on a device past Setup Assistant (a device still in Setup pairs without
 * it, see pairing.ts). The tap is one event: the dialog is answered and the device posts
 * com.apple.mobile.lockdown.request_pair on its notification bus at that moment, which every
 * notification_proxy / insecure_notification_proxy observer of the device hears (Linux usbmuxd's
 * preflight waits for it: usbmuxd src/preflight.c np_callback). The next Pair is then accepted.
 */
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { postDeviceNotification } from '../services/notification-proxy.js';

export const REQUEST_PAIR = 'com.apple.mobile.lockdown.request_pair';

export type TrustAnswer = 'trusted' | 'pending' | 'denied';

/** A Pair reached the dialog: what the person at the cart has answered so far. */
export function askTrust(device: VirtualDevice, ctx: CartContext): TrustAnswer {
  switch (device.trustMode) {
    case 'deny':
      // The person taps Don't Trust as soon as the dialog appears.
      device.closeTrustDialog();
      return 'denied';
    case 'pending':
      device.trustDialog ??= { tapAt: null, timer: null, trusted: false };
      return 'pending';
    case 'accept': {
      const open = device.trustDialog;
      if (open?.trusted) return 'trusted';
      if (open && open.tapAt !== null) return 'pending';
      const delay = ctx.latency.trustTap();
      device.trustDialog = { tapAt: ctx.now() + delay, timer: null, trusted: false };
      if (delay <= 0) {
        tapTrust(device, ctx);
        return 'trusted';
      }
      // The dialog opens on this attempt; the person taps Trust a few seconds later (latency.ts).
      const timer = setTimeout(() => tapTrust(device, ctx), delay);
      timer.unref();
      device.trustDialog.timer = timer;
      return 'pending';
    }
  }
}

/** The person taps Trust on the open dialog (a no-op when none is shown or it is answered). */
export function tapTrust(device: VirtualDevice, ctx: CartContext): void {
  const dialog = device.trustDialog;
  if (!dialog || dialog.trusted) return;
  if (dialog.timer) clearTimeout(dialog.timer);
  dialog.timer = null;
  dialog.tapAt = ctx.now();
  dialog.trusted = true;
  ctx.log(device.udid, 'Trust tapped: posting lockdown.request_pair');
  postDeviceNotification(device, REQUEST_PAIR);
}

/** The person's answer changed (control API): a tap they were about to make is off unless accepting. */
export function trustModeChanged(device: VirtualDevice, ctx: CartContext): void {
  const dialog = device.trustDialog;
  if (!dialog || dialog.trusted) return;
  if (device.trustMode === 'accept') return tapTrust(device, ctx);
  if (dialog.timer) clearTimeout(dialog.timer);
  dialog.timer = null;
  dialog.tapAt = null;
}
