import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DevicePresence } from '../../../electron/device/context.js';
import { TransportError, type PlistValue, type ServiceHandle } from '../../../electron/device/transport-types.js';
import { REQUEST_PAIR_NOTIFICATION, startTrustWait, type TrustWaitOptions } from '../../../electron/device/trust-wait.js';

type Listener = (message: PlistValue | null, error: TransportError | null) => void;

/** A notification proxy at the seam: what was sent, the listener, and how often it was closed. */
function fakeProxy(options: { listen?: boolean } = {}) {
  const sent: unknown[] = [];
  let listener: Listener | undefined;
  let closes = 0;
  const handle: ServiceHandle = {
    send: async (m) => void sent.push(m),
    receive: async () => {
      throw new Error('the wait must not block on receive');
    },
    close: async () => void closes++,
  };
  if (options.listen !== false) handle.listen = (l) => void (listener = l);
  return {
    handle,
    sent,
    get closes() {
      return closes;
    },
    relay: (name: string) => listener?.({ Command: 'RelayNotification', Name: name }, null),
    fail: () => listener?.(null, new TransportError('service', 'MUX_ERROR', -3, 'property_list_service_receive')),
  };
}

function fakePresence() {
  const detach = new Set<() => void>();
  let attached = true;
  const presence: DevicePresence = {
    isAttached: () => attached,
    onceDetached: (_u, cb) => {
      detach.add(cb);
      return () => detach.delete(cb);
    },
  };
  return {
    presence,
    unplug: () => {
      attached = false;
      for (const cb of detach) cb();
    },
    subscribers: () => detach.size,
  };
}

const base = (proxy: ServiceHandle | Error, extra: Partial<TrustWaitOptions> = {}): TrustWaitOptions => ({
  udid: 'u1',
  open: async () => {
    if (proxy instanceof Error) throw proxy;
    return proxy;
  },
  pollMs: 1000,
  fallbackPollMs: 5000,
  ...extra,
});

/** Settles what is already due without moving the clock. */
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('trust-wait', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('observes request_pair on the proxy and wakes as soon as it is relayed', async () => {
    const p = fakeProxy();
    const wait = await startTrustWait(base(p.handle));
    expect(wait.listening).toBe(true);
    expect(p.sent).toEqual([{ Command: 'ObserveNotification', Name: REQUEST_PAIR_NOTIFICATION }]);
    let woke: string | undefined;
    void wait.next(Date.now() + 60_000).then((w) => (woke = w));
    await vi.advanceTimersByTimeAsync(4000);
    expect(woke).toBeUndefined();
    p.relay('com.apple.mobile.lockdown.device_name_changed');
    await flush();
    expect(woke).toBeUndefined();
    p.relay(REQUEST_PAIR_NOTIFICATION);
    await flush();
    expect(woke).toBe('notified');
    wait.close();
  });

  it('keeps a relay that came while a Pair was on its way', async () => {
    const p = fakeProxy();
    const wait = await startTrustWait(base(p.handle));
    p.relay(REQUEST_PAIR_NOTIFICATION);
    await expect(wait.next(Date.now() + 60_000)).resolves.toBe('notified');
    let woke: string | undefined;
    void wait.next(Date.now() + 60_000).then((w) => (woke = w));
    await flush();
    expect(woke).toBeUndefined();
    wait.close();
  });

  it('polls slowly while listening, and caps the wait at the deadline', async () => {
    const p = fakeProxy();
    const wait = await startTrustWait(base(p.handle));
    let woke: string | undefined;
    void wait.next(Date.now() + 60_000).then((w) => (woke = w));
    await vi.advanceTimersByTimeAsync(4999);
    expect(woke).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(woke).toBe('poll');
    const capped = wait.next(Date.now() + 300);
    await vi.advanceTimersByTimeAsync(300);
    await expect(capped).resolves.toBe('deadline');
    wait.close();
  });

  it('falls back to the short poll when the proxy cannot be started', async () => {
    const wait = await startTrustWait(base(new TransportError('lockdown', 'INVALID_SERVICE', -20, 'lockdownd_start_service')));
    expect(wait.listening).toBe(false);
    const next = wait.next(Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(next).resolves.toBe('poll');
    wait.close();
  });

  it('closes a proxy it cannot listen to and polls instead', async () => {
    const p = fakeProxy({ listen: false });
    const wait = await startTrustWait(base(p.handle));
    expect(wait.listening).toBe(false);
    expect(p.closes).toBe(1);
    wait.close();
    expect(p.closes).toBe(1);
  });

  it('wakes at once when the proxy fails, then polls at the short interval', async () => {
    const p = fakeProxy();
    const wait = await startTrustWait(base(p.handle));
    const first = wait.next(Date.now() + 60_000);
    p.fail();
    await expect(first).resolves.toBe('proxy-lost');
    expect(wait.listening).toBe(false);
    const second = wait.next(Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(second).resolves.toBe('poll');
    wait.close();
    expect(p.closes).toBe(1);
  });

  it('wakes on unplug and on abort', async () => {
    const device = fakePresence();
    const controller = new AbortController();
    const p = fakeProxy();
    const wait = await startTrustWait(base(p.handle, { presence: device.presence, signal: controller.signal }));
    const unplugged = wait.next(Date.now() + 60_000);
    device.unplug();
    await expect(unplugged).resolves.toBe('detached');
    await expect(wait.next(Date.now() + 60_000)).resolves.toBe('detached');
    wait.close();
    expect(device.subscribers()).toBe(0);

    const again = await startTrustWait(base(fakeProxy().handle, { signal: controller.signal }));
    const aborted = again.next(Date.now() + 60_000);
    controller.abort();
    await expect(aborted).resolves.toBe('aborted');
    again.close();
  });

  it('close() ends a wait, closes the proxy once and hands the close to the tracker', async () => {
    const p = fakeProxy();
    const tracked: Promise<unknown>[] = [];
    const wait = await startTrustWait(
      base(p.handle, {
        track: (c) => {
          tracked.push(c);
          return c;
        },
      }),
    );
    const pending = wait.next(Date.now() + 60_000);
    wait.close();
    wait.close();
    await expect(pending).resolves.toBe('aborted');
    await Promise.all(tracked);
    expect(tracked).toHaveLength(1);
    expect(p.closes).toBe(1);
    expect(wait.listening).toBe(false);
  });
});
