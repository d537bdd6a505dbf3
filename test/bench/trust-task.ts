/**
 * Pairing through the Trust dialog, in the station child: devices past Setup Assistant (only those
 * show the dialog), each tapped through the cart's control API a while after its first pending
 * answer, all paired at once. 'event' is the station as shipped: it hears the device's
 * `com.apple.mobile.lockdown.request_pair` (electron/device/trust-wait.ts). 'poll' refuses the
 * notification proxy, so the station falls back to asking again once a second, as it did before.
 * What a technician feels is tap → paired; what it costs the device is Pair requests.
 */
import { join } from 'node:path';
import { DeviceLayer, fileHostIdentityStore } from '../../electron/device/index.js';
import { nativeTransport } from '../../electron/device/transport.js';
import { TransportError, type DeviceTransport } from '../../electron/device/transport-types.js';
import { INSECURE_NOTIFICATION_PROXY } from '../../electron/device/trust-wait.js';
import { secretBoxFrom } from '../../electron/store/secret-box.js';
import { summarize } from './stats.js';
import type { CartCounters, StationTask, TrustResult } from './station-task.js';

/** The transport as an older iOS without the insecure notification proxy answers. */
function withoutProxy(inner: DeviceTransport): DeviceTransport {
  return {
    ...inner,
    lockdown: async (udid, options) => {
      const ld = await inner.lockdown(udid, options);
      return {
        ...ld,
        openService: (name, o) => (name === INSECURE_NOTIFICATION_PROXY ? Promise.reject(new TransportError('lockdown', 'INVALID_SERVICE', -20, 'InvalidService')) : ld.openService(name, o)),
      };
    },
  };
}

async function control(method: 'GET' | 'DELETE' | 'POST', path: string): Promise<unknown> {
  const base = process.env.CARTWRIGHT_BENCH_CART_CONTROL;
  if (!base) throw new Error('the trust task needs the cart control URL (CARTWRIGHT_BENCH_CART_CONTROL)');
  const res = await fetch(`${base}${path}`, { method, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`cart ${method} ${path}: ${res.status}`);
  return res.json();
}

export async function runTrust(task: Extract<StationTask, { kind: 'trust' }>, dataDir: string): Promise<TrustResult> {
  const transport = task.mode === 'event' ? nativeTransport() : withoutProxy(nativeTransport());
  const layer = new DeviceLayer({ transport, identity: fileHostIdentityStore(join(dataDir, 'host-identity.json'), () => secretBoxFrom()) });
  layer.start();
  try {
    await layer.hostIdentity();
    await layer.watcher.waitForCount(task.devices, 60_000);
    const udids = layer.watcher.list().map((d) => d.udid);
    await control('DELETE', '/counters');
    const tapToPaired: number[] = [];
    let paired = 0;
    await Promise.all(
      udids.map(async (udid, i) => {
        // People reach the devices one after another: taps spread over the window.
        const delay = task.tapAfterMs[0] + ((task.tapAfterMs[1] - task.tapAfterMs[0]) * i) / Math.max(1, udids.length - 1);
        let tapSentAt: number | null = null;
        let tapTimer: NodeJS.Timeout | undefined;
        // A tap the cart refused ends this device's pairing with the cart's answer, not a 60 s wait.
        const tapFailed = new AbortController();
        let tapError: unknown = null;
        const onPending = (attempt: number) => {
          if (attempt !== 1) return;
          tapTimer = setTimeout(() => {
            tapSentAt = performance.now();
            control('POST', `/devices/${encodeURIComponent(udid)}/trust`).catch((e: unknown) => {
              tapError = e;
              tapFailed.abort();
            });
          }, delay);
        };
        try {
          await layer.ensurePaired(udid, { trustTimeoutMs: 60_000, onPending, signal: tapFailed.signal });
        } catch (e) {
          throw tapError ?? e;
        } finally {
          clearTimeout(tapTimer);
        }
        paired++;
        if (tapSentAt !== null) tapToPaired.push(performance.now() - tapSentAt);
      }),
    );
    const counters = (await control('GET', '/counters')) as CartCounters;
    const pairs = counters.totals.lockdownRequests?.Pair ?? null;
    return {
      kind: 'trust',
      mode: task.mode,
      devices: udids.length,
      paired,
      tapToPairedMs: summarize(tapToPaired),
      pairRequestsPerDevice: pairs === null ? null : pairs / udids.length,
      proxyStartsPerDevice: (counters.totals.services[INSECURE_NOTIFICATION_PROXY] ?? 0) / udids.length,
    };
  } finally {
    await layer.stop();
  }
}
