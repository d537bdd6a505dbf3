/**
 * Hot-plug detection at 100 devices: a device is unplugged and plugged again through the cart's
 * control API while a station (its own process) watches. Latency = the moment the bench sends
 * the plug request → the station child's watcher attach event, both stamped with
 * performance.timeOrigin + now() on the same machine clock. The request's own round trip is
 * included, so the figure is an upper bound.
 */
import { withCart } from '../cart-process.js';
import type { BenchContext } from '../context.js';
import { nowMs } from '../proc.js';
import { StationChild } from '../station-child.js';
import type { ChildMessage, HotplugResult } from '../station-task.js';
import { summarize, type Summary } from '../stats.js';

export interface HotplugReport {
  devices: number;
  samples: number;
  attachMs: Summary;
  detachMs: Summary;
  stationReadyMs: number;
  stationRssMb: number | null;
  stationEventLoopLagP99Ms: number | null;
}

type Ev = Extract<ChildMessage, { bench: 'attach' | 'detach' }>;
const isEvent = (kind: 'attach' | 'detach', udid: string) => (m: ChildMessage): m is Ev => m.bench === kind && m.udid === udid;

export async function benchHotplug(ctx: BenchContext): Promise<HotplugReport> {
  const devices = ctx.opts.hotplugDevices;
  ctx.log(`hot-plug: ${devices} devices, ${ctx.opts.hotplugSamples} samples`);
  return withCart({ devices, seed: `bench-hotplug-${devices}`, latency: 'none' }, async (cart) => {
    const station = StationChild.start({ kind: 'hotplug', devices }, { cart, hostIdentityFile: ctx.hostIdentityFile });
    try {
      const ready = await station.next((m): m is Extract<ChildMessage, { bench: 'ready' }> => m.bench === 'ready', 120_000, 'ready');
      const udids = await cart.udids();
      const attach: number[] = [];
      const detach: number[] = [];
      for (let i = 0; i < ctx.opts.hotplugSamples; i++) {
        const udid = udids[(i * 37) % udids.length]!; // spread over the cart's hubs
        const gone = station.next(isEvent('detach', udid), 15_000, `detach of ${udid}`);
        const t0 = nowMs();
        await cart.act(udid, 'unplug');
        detach.push((await gone).t - t0);
        const back = station.next(isEvent('attach', udid), 15_000, `attach of ${udid}`);
        const t1 = nowMs();
        await cart.act(udid, 'plug');
        attach.push((await back).t - t1);
      }
      station.requestStop();
      const result = (await station.result(30_000)) as HotplugResult;
      return {
        devices,
        samples: attach.length,
        attachMs: summarize(attach),
        detachMs: summarize(detach),
        stationReadyMs: ready.readyMs,
        stationRssMb: result.peakRssMb,
        stationEventLoopLagP99Ms: result.eventLoopLagP99Ms,
      };
    } finally {
      await station.dispose();
    }
  });
}
