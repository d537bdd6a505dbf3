/**
 * What every device operation needs: the transport seam, a label for lockdown, and (when a
 * watcher runs) presence, so a call on a device that is unplugged fails fast as DEVICE_GONE
 * instead of waiting out libimobiledevice's 30 s timeouts.
 */
import type { CallGate } from './call-gate.js';
import type { DeviceConnections } from './device-connections.js';
import { DeviceError } from './errors.js';
import { fromTransportError } from './error-map.js';
import type { DeviceTransport } from './transport-types.js';

export interface DevicePresence {
  isAttached(udid: string): boolean;
  /** Calls back once when the device is confirmed detached; returns an unsubscribe function. */
  onceDetached(udid: string, callback: () => void): () => void;
  /**
   * The usbmuxd DeviceID of the device's current USB attachment, as the Listen stream's ADD gave it,
   * or undefined when that is not certain (not attached, or a REMOVE awaits confirmation): callers
   * then ask usbmuxd (ListDevices), whose reply lists every device on the cart.
   */
  usbDeviceId?(udid: string): number | undefined;
}

export interface DeviceContext {
  transport: DeviceTransport;
  /** Sent as lockdown `Label`. */
  label: string;
  presence?: DevicePresence | undefined;
  /** Connections kept open between operations (device-connections.ts); without it every operation connects afresh. */
  connections?: DeviceConnections | undefined;
  /** Closed when the layer stops: no call reaches a device after that (call-gate.ts). */
  calls?: CallGate | undefined;
}

/**
 * Runs one transport call for `udid`: maps failures to DeviceError and rejects with DEVICE_GONE
 * as soon as the device detaches (the native call finishes on its own and its handle is closed
 * by whoever owns it). Refused once the layer stops (the context's CallGate).
 */
export async function deviceCall<T>(ctx: DeviceContext, udid: string, fn: () => Promise<T>): Promise<T> {
  ctx.calls?.admit(udid);
  const presence = ctx.presence;
  if (presence && !presence.isAttached(udid)) throw new DeviceError('DEVICE_GONE', { udid, message: 'The device is not connected.' });
  let off: (() => void) | undefined;
  const gone = new Promise<never>((_, reject) => {
    off = presence?.onceDetached(udid, () => reject(new DeviceError('DEVICE_GONE', { udid })));
  });
  try {
    return await Promise.race([
      (ctx.calls ? ctx.calls.track(fn()) : fn()).catch(async (e: unknown) => {
        throw await explainFailure(ctx, udid, fromTransportError(e, udid));
      }),
      gone,
    ]);
  } finally {
    off?.();
  }
}

/** How long a broken connection waits for usbmuxd to confirm an unplug before it is called PROTOCOL. */
const UNPLUG_CONFIRM_MS = 2000;

/**
 * A tunnel cut by an unplug looks like a broken reply (the library sees EOF mid-frame) and
 * arrives before usbmuxd's Detached. If the device turns out to be gone, say so.
 */
async function explainFailure(ctx: DeviceContext, udid: string, e: DeviceError): Promise<DeviceError> {
  const presence = ctx.presence;
  if (!presence || (e.code !== 'PROTOCOL' && e.code !== 'DEVICE_REFUSED')) return e;
  const gone = await new Promise<boolean>((resolve) => {
    if (!presence.isAttached(udid)) return resolve(true);
    const timer = setTimeout(() => {
      off();
      resolve(!presence.isAttached(udid));
    }, UNPLUG_CONFIRM_MS);
    const off = presence.onceDetached(udid, () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  return gone ? new DeviceError('DEVICE_GONE', { udid, chain: e.chain, cause: e }) : e;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
