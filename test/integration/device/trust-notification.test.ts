/**
 * The Trust tap heard as the device's request_pair notification (electron/device/trust-wait.ts),
 * with the real addon against the virtual cart. Devices are taken past Setup Assistant first: one
 * still in Setup pairs without a dialog. Waits are counted in Pair requests, never in wall time;
 * the fallback polls are set so long that only the notification can end the event test in time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceContext } from '../../../electron/device/context.js';
import { pairDevice, type PairOptions } from '../../../electron/device/pairing.js';
import { TransportError, type DeviceTransport, type ServiceHandle } from '../../../electron/device/transport-types.js';
import { INSECURE_NOTIFICATION_PROXY } from '../../../electron/device/trust-wait.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { startHarness, type Harness } from './setup.js';

/** What the station did with the insecure notification proxy (the real one, seen through a wrapper). */
interface ProxySpy {
  opened: number;
  closed: number;
  /** The device never hears the observe: no notification will come. */
  dropObserve: boolean;
  /** StartService is refused, as on a device without the service. */
  refuse: boolean;
}

function spyProxy(inner: DeviceTransport, spy: ProxySpy): DeviceTransport {
  const wrapService = (s: ServiceHandle): ServiceHandle => ({
    ...s,
    send: (m, b) => (spy.dropObserve && m.Command === 'ObserveNotification' ? Promise.resolve() : s.send(m, b)),
    close: async () => {
      await s.close();
      spy.closed++;
    },
  });
  return {
    ...inner,
    lockdown: async (udid, options) => {
      const ld = await inner.lockdown(udid, options);
      return {
        ...ld,
        openService: async (name, o) => {
          if (name !== INSECURE_NOTIFICATION_PROXY) return ld.openService(name, o);
          if (spy.refuse) throw new TransportError('lockdown', 'INVALID_SERVICE', -20, 'lockdownd_start_service');
          const s = await ld.openService(name, o);
          spy.opened++;
          return wrapService(s);
        },
      };
    },
  };
}

describe('pairing on the Trust tap notification', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ transport: 'unix', devices: 4 });
    for (const udid of h.udids) await h.cart.act(udid, 'finish-setup');
  }, 120_000);
  afterAll(async () => h?.close());

  function context(spy: ProxySpy): DeviceContext {
    return { ...h.layer.context, transport: spyProxy(h.layer.context.transport, spy) };
  }
  const spyOf = (over: Partial<ProxySpy> = {}): ProxySpy => ({ opened: 0, closed: 0, dropObserve: false, refuse: false, ...over });
  const pair = async (ctx: DeviceContext, udid: string, options: Omit<PairOptions, 'identity'>) =>
    pairDevice(ctx, udid, { ...options, identity: await h.layer.hostIdentity() });
  const deviceCounts = async (udid: string) => {
    const c = await h.cart.counters();
    return { pair: c.devices[udid]?.lockdownRequests.Pair ?? 0, proxyStarts: c.devices[udid]?.services[INSECURE_NOTIFICATION_PROXY] ?? 0 };
  };
  /** The person taps Trust once the station listens (the cart counted its ObserveNotification). */
  const tapWhenObserved = async (udid: string) => {
    await eventually(async () => ((await h.cart.device(udid)).counters.ObserveNotification ?? 0) >= 1, 30_000, 20);
    await h.cart.act(udid, 'trust');
  };

  it('pairs right after the tap: one pending Pair, one Pair on request_pair, then the proxy is closed', async () => {
    const udid = h.udids[0]!;
    const spy = spyOf();
    await h.cart.act(udid, 'pending');
    await h.cart.resetCounters();
    const tapped = tapWhenObserved(udid);
    // Ten minutes between polls: only the notification can finish this within the test timeout.
    const result = await pair(context(spy), udid, { trustTimeoutMs: 600_000, pollMs: 600_000, fallbackPollMs: 600_000 });
    await tapped;
    expect(result.pendingAnswers).toBe(1);
    expect(await deviceCounts(udid)).toEqual({ pair: 2, proxyStarts: 1 });
    expect((await h.cart.device(udid)).pairedHostIds).toContain(result.hostId);
    expect(spy.opened).toBe(1);
    await eventually(() => spy.closed === 1, 10_000, 20);
  });

  it('still pairs on the fallback poll when no notification comes', async () => {
    const udid = h.udids[1]!;
    const spy = spyOf({ dropObserve: true });
    await h.cart.act(udid, 'pending');
    await h.cart.resetCounters();
    const pending: number[] = [];
    const result = await pair(context(spy), udid, {
      // The short poll out of reach: only the fallback interval can end this in time.
      pollMs: 600_000,
      fallbackPollMs: 200,
      onPending: (n) => {
        pending.push(n);
        if (n === 1) void h.cart.act(udid, 'trust');
      },
    });
    expect(result.pendingAnswers).toBeGreaterThanOrEqual(1);
    const counts = await deviceCounts(udid);
    expect(counts.proxyStarts).toBe(1);
    expect(counts.pair).toBe(result.pendingAnswers + 1);
    await eventually(() => spy.closed === 1, 10_000, 20);
  });

  it('polls at the short interval when the proxy is refused', async () => {
    const udid = h.udids[2]!;
    const spy = spyOf({ refuse: true });
    await h.cart.act(udid, 'pending');
    await h.cart.resetCounters();
    const result = await pair(context(spy), udid, { pollMs: 200, fallbackPollMs: 600_000, onPending: (n) => n === 1 && void h.cart.act(udid, 'trust') });
    expect(result.pendingAnswers).toBeGreaterThanOrEqual(1);
    expect((await deviceCounts(udid)).pair).toBe(result.pendingAnswers + 1);
    expect(spy.opened).toBe(0);
  });

  it('gives DEVICE_GONE when the device is unplugged while the dialog is up, and closes the proxy', async () => {
    const udid = h.udids[3]!;
    const spy = spyOf();
    await h.cart.act(udid, 'pending');
    const unplugged = (async () => {
      await eventually(async () => ((await h.cart.device(udid)).counters.ObserveNotification ?? 0) >= 1, 30_000, 20);
      await h.cart.act(udid, 'unplug');
    })();
    await expect(pair(context(spy), udid, { trustTimeoutMs: 600_000, pollMs: 600_000, fallbackPollMs: 600_000 })).rejects.toMatchObject({ code: 'DEVICE_GONE', udid });
    await unplugged;
    await eventually(() => spy.closed === 1, 10_000, 20);
    await h.cart.act(udid, 'plug');
    await h.layer.watcher.waitForCount(4, 45_000);
  });
});
