/**
 * Waiting for the Trust tap without a busy poll. While the dialog is up the device answers Pair
 * with PairingDialogResponsePending; when the person taps Trust it posts the Darwin notification
 * `com.apple.mobile.lockdown.request_pair`. Linux usbmuxd waits for exactly that: on a pending
 * answer it starts `com.apple.mobile.insecure_notification_proxy` on the same session-less
 * lockdown client, observes request_pair and pairs again in its callback (usbmuxd
 * src/preflight.c, np_callback). The proxy speaks `{Command: ObserveNotification, Name}` and
 * relays `{Command: RelayNotification, Name}` (libimobiledevice src/notification_proxy.c;
 * pymobiledevice3 services/notification_proxy.py INSECURE_SERVICE_NAME).
 *
 * A slow poll stays as the safety net (a tap between the pending answer and the observe, a
 * device that never posts), and the old short poll when the proxy cannot be had: an older iOS
 * without the service, a refused StartService, or a transport without listen().
 */
import type { DevicePresence } from './context.js';
import type { PlistValue, ServiceHandle } from './transport-types.js';

export const INSECURE_NOTIFICATION_PROXY = 'com.apple.mobile.insecure_notification_proxy';
export const REQUEST_PAIR_NOTIFICATION = 'com.apple.mobile.lockdown.request_pair';

/** Why the wait ended: each means "send Pair again now" (the caller then sees the outcome). */
export type TrustWake = 'notified' | 'poll' | 'deadline' | 'detached' | 'aborted' | 'proxy-lost';

export interface TrustWaitOptions {
  udid: string;
  /** Starts the proxy on the Pair connection (lockdown openService; no session needed). */
  open: () => Promise<ServiceHandle>;
  /** Poll interval while the proxy listens: what a missed notification costs at most. */
  fallbackPollMs: number;
  /** Poll interval without the proxy. */
  pollMs: number;
  presence?: DevicePresence | undefined;
  signal?: AbortSignal | undefined;
  /** Keeps the background close in view of the layer's shutdown (CallGate.track). */
  track?: (<T>(call: Promise<T>) => Promise<T>) | undefined;
}

export interface TrustWait {
  /** True while the device's notifications are heard (false: plain polling). */
  readonly listening: boolean;
  /** Resolves when it is time to ask again; at the latest at `deadline` (epoch ms). */
  next(deadline: number): Promise<TrustWake>;
  /** Idempotent; the proxy is shut down in the background (nothing waits on the device). */
  close(): void;
}

function isRequestPair(message: PlistValue): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { Command?: unknown; Name?: unknown };
  return m.Command === 'RelayNotification' && m.Name === REQUEST_PAIR_NOTIFICATION;
}

/** Opens the proxy and observes request_pair; never throws (a failure means polling). */
async function listen(o: TrustWaitOptions, onNotified: () => void, onLost: () => void): Promise<ServiceHandle | null> {
  let handle: ServiceHandle | null = null;
  try {
    handle = await o.open();
    if (!handle.listen) throw new Error('this transport cannot listen to a service');
    await handle.send({ Command: 'ObserveNotification', Name: REQUEST_PAIR_NOTIFICATION }, false);
    handle.listen((message, error) => {
      if (error) return onLost();
      if (isRequestPair(message)) onNotified();
      // ProxyDeath: the device closed the proxy; other relays are not ours to act on.
      else if ((message as { Command?: unknown } | null)?.Command === 'ProxyDeath') onLost();
    });
    return handle;
  } catch {
    if (handle) void handle.close().catch(() => undefined);
    return null;
  }
}

export async function startTrustWait(o: TrustWaitOptions): Promise<TrustWait> {
  let notified = false;
  let lost = false;
  let closed = false;
  let wake: ((why: TrustWake) => void) | null = null;
  const fire = (why: TrustWake) => {
    const w = wake;
    wake = null;
    w?.(why);
  };
  const handle = await listen(
    o,
    () => {
      notified = true;
      if (wake) {
        notified = false;
        fire('notified');
      }
    },
    () => {
      lost = true;
      // At once: an unplug ends the proxy first, and the next Pair then says DEVICE_GONE.
      fire('proxy-lost');
    },
  );
  const offDetached = o.presence?.onceDetached(o.udid, () => fire('detached'));
  const onAbort = () => fire('aborted');
  o.signal?.addEventListener('abort', onAbort);

  const listening = () => handle !== null && !lost && !closed;
  return {
    get listening() {
      return listening();
    },
    next(deadline) {
      if (notified) {
        // Relayed while a Pair was on its way: that Pair may have been too early.
        notified = false;
        return Promise.resolve('notified');
      }
      if (closed) return Promise.resolve('aborted');
      if (o.signal?.aborted) return Promise.resolve('aborted');
      if (o.presence && !o.presence.isAttached(o.udid)) return Promise.resolve('detached');
      const interval = listening() ? o.fallbackPollMs : o.pollMs;
      const remaining = deadline - Date.now();
      const ms = Math.max(0, Math.min(interval, remaining));
      return new Promise<TrustWake>((resolve) => {
        const timer = setTimeout(() => fire(ms < interval ? 'deadline' : 'poll'), ms);
        wake = (why) => {
          clearTimeout(timer);
          resolve(why);
        };
      });
    },
    close() {
      if (closed) return;
      closed = true;
      offDetached?.();
      o.signal?.removeEventListener('abort', onAbort);
      fire('aborted');
      if (!handle) return;
      // Closed as libimobiledevice's np_client_free closes it (no Shutdown → ProxyDeath round
      // trip): close() stops the listener within one receive slice; a Shutdown would queue behind it.
      const shutdown = handle.close().catch(() => undefined);
      void (o.track ? o.track(shutdown) : shutdown);
    },
  };
}
