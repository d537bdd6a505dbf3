/**
 * Prepare throughput: N devices on a cart with the realistic latency model, staged all at once by a
 * station in its own process. It runs twice: at life speed (time scale 1, the latency model as it
 * is) and compressed by --time-scale (0.2 by default, five times faster than life).
 *
 * The ideal is the median wall time of N = 1 (nine runs, a different device each; see
 * BenchOptions.idealRuns for why not three): one device's own time end to end, its requests' think
 * time and the station's own work, with nothing else competing. A perfectly parallel station would
 * stage N devices in that time, so wall(N) / ideal measures what N costs. The devices are in Setup
 * Assistant, so they pair without a Trust dialog (usbmuxd preflight.c; libimobiledevice issue
 * #1395) and no simulated person is in the loop.
 *
 * The devices do not all think alike: each request's think time is drawn at random (latency.ts),
 * so in a batch of N some device thinks longer than the median one, and the batch cannot end
 * before it. `slowestAloneMs` says how long that slowest device would take alone: the one-device
 * run's own station part (its wall time less its device's think time, as the cart counts it) plus
 * the slowest device's think time in this batch. wall / slowestAlone is what the station (and the
 * cart sharing its cores) added on top of the devices' own time; wall / ideal also holds the
 * devices' spread.
 *
 * Why both speeds: compression shortens the devices' think time five-fold but not the CPU the
 * station and the cart (which shares the 2 cores) spend per device, so the compressed pass is a
 * stress figure where a big cart becomes CPU-bound, and the life-speed pass is what a real cart
 * sees.
 */
import { withCart } from '../cart-process.js';
import type { BenchContext } from '../context.js';
import { prepareLayers, type PrepareLayers } from '../prepare-layers.js';
import { runStationTaskTimed } from '../station-child.js';
import type { BatchResult } from '../station-task.js';
import { median, ratio } from '../stats.js';

export interface PrepareRow extends PrepareLayers {
  n: number;
  runs: number;
  wallMs: number;
  wallIdealRatio: number | null;
  /** The batch's slowest device alone (see above); null without the cart's think counts. */
  slowestAloneMs?: number | null;
  wallSlowestAloneRatio?: number | null;
  cpuMsPerDevice: number;
  rssMb: number;
  eventLoopLagP99Ms: number;
  eventLoopLagMaxMs: number;
  /** The cart daemon's CPU over the whole station session (start-up reads included), per device. */
  cartCpuMsPerDevice: number | null;
  succeeded: number;
  failures: BatchResult['failures'];
  jobP50Ms: number | null;
  jobMaxMs: number | null;
  stationReadyMs: number;
  stepP50Ms: Record<string, number>;
}

export interface PrepareReport {
  timeScale: number;
  idealMs: number | null;
  idealRunsMs: number[];
  /** Each N = 1 run's device think time (same order as idealRunsMs): how typical the ideal's devices are. */
  idealRunsThinkMs?: (number | null)[];
  /** The median one-device run's wall time less its device's think time: the station's own part of one device's time. */
  idealStationPartMs?: number | null;
  rows: PrepareRow[];
}

interface PrepareRun {
  result: BatchResult;
  spawnedAtMs: number;
  cartCpuMs: number | null;
}

async function onePrepare(ctx: BenchContext, n: number, run: number, timeScale: number): Promise<PrepareRun> {
  const spec = { devices: n, seed: `bench-prepare-${n}-${run}`, latency: 'realistic' as const, timeScale };
  return withCart(spec, async (cart) => {
    const cpu0 = cart.cpuMs();
    const task = { kind: 'batch' as const, devices: n, blueprint: 'prepare' as const, concurrency: n, p12: ctx.p12, password: ctx.password };
    const { result, spawnedAtMs } = await runStationTaskTimed<BatchResult>(task, { cart, hostIdentityFile: ctx.hostIdentityFile }, 5 * 60_000 + n * 3000);
    const cpu1 = cart.cpuMs();
    return { result, spawnedAtMs, cartCpuMs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null };
  });
}

/** With several runs (N = 1) the median run by wall time stands for the size. */
function medianRun(runs: PrepareRun[]): PrepareRun {
  const sorted = [...runs].sort((a, b) => a.result.wallMs - b.result.wallMs);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function toRow(n: number, runs: PrepareRun[], idealMs: number | null, stationPartMs: number | null): PrepareRow {
  const { result: r, cartCpuMs, spawnedAtMs } = medianRun(runs);
  const layers = prepareLayers(r, spawnedAtMs);
  const slowestAloneMs = stationPartMs === null || !layers.deviceThinkMs ? null : stationPartMs + layers.deviceThinkMs.max;
  return {
    n,
    runs: runs.length,
    wallMs: r.wallMs,
    wallIdealRatio: ratio(r.wallMs, idealMs),
    slowestAloneMs,
    wallSlowestAloneRatio: ratio(r.wallMs, slowestAloneMs),
    cpuMsPerDevice: r.cpuMs / r.devices,
    rssMb: r.peakRssMb,
    eventLoopLagP99Ms: r.eventLoopLagP99Ms,
    eventLoopLagMaxMs: r.eventLoopLagMaxMs,
    cartCpuMsPerDevice: cartCpuMs === null ? null : cartCpuMs / r.devices,
    succeeded: r.succeeded,
    failures: r.failures,
    jobP50Ms: r.jobMs.p50,
    jobMaxMs: r.jobMs.max,
    stationReadyMs: r.readyMs,
    stepP50Ms: r.stepP50Ms,
    ...layers,
  };
}

/** One pass over the sizes at one time scale (the CLI's --time-scale, or 1 for the life-speed pass). */
export async function benchPrepare(ctx: BenchContext, timeScale = ctx.opts.timeScale): Promise<PrepareReport> {
  const idealRunsMs: number[] = [];
  const idealRunsThinkMs: (number | null)[] = [];
  const rows: PrepareRow[] = [];
  let idealMs: number | null = null;
  let idealStationPartMs: number | null = null;
  for (const n of [...ctx.opts.sizes].sort((a, b) => a - b)) {
    const repeats = n === 1 ? ctx.opts.idealRuns : 1;
    const runs = [];
    for (let i = 0; i < repeats; i++) {
      ctx.log(`prepare × ${timeScale}: ${n} device(s), run ${i + 1}/${repeats}`);
      const run = await onePrepare(ctx, n, i, timeScale);
      if (run.result.succeeded < run.result.devices) ctx.log(`prepare: ${run.result.devices - run.result.succeeded} of ${n} did not succeed: ${JSON.stringify(run.result.failures.slice(0, 3))}`);
      runs.push(run);
    }
    if (n === 1) {
      idealRunsMs.push(...runs.map((r) => r.result.wallMs));
      idealRunsThinkMs.push(...runs.map((r) => thinkOfOnly(r.result)));
      idealMs = median(idealRunsMs);
      const alone = medianRun(runs).result;
      const think = thinkOfOnly(alone);
      idealStationPartMs = think === null ? null : alone.wallMs - think;
    }
    rows.push(toRow(n, runs, idealMs, idealStationPartMs));
  }
  return { timeScale, idealMs, idealRunsMs, idealRunsThinkMs, idealStationPartMs, rows };
}

/** The one device's think time in an N = 1 run; null without the cart's counters. */
function thinkOfOnly(result: BatchResult): number | null {
  return result.cartCounters ? (prepareLayers(result, 0).deviceThinkMs?.max ?? null) : null;
}
