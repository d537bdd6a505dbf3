/**
 * Prepare throughput: N devices on a cart with the realistic latency model (compressed by
 * --time-scale), staged all at once by a station in its own process.
 *
 * The ideal is the median wall time of N = 1 (repeated on different seeds). The cart keeps no
 * account of its own think time, and N = 1 is one device's own time end to end — its requests'
 * latency, the person's Trust tap, the station's 1 s Pair poll — with nothing else competing.
 * A perfectly parallel station would stage N devices in that time, so wall(N) / ideal measures
 * what N costs. Two things push the ratio above 1 that are not station overhead: the slowest of
 * N simulated people taps Trust later than a typical one (2.5–6 s × scale), and the cart daemon
 * shares the machine's cores with the station.
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
  rows: PrepareRow[];
}

interface PrepareRun {
  result: BatchResult;
  spawnedAtMs: number;
  cartCpuMs: number | null;
}

async function onePrepare(ctx: BenchContext, n: number, run: number): Promise<PrepareRun> {
  const spec = { devices: n, seed: `bench-prepare-${n}-${run}`, latency: 'realistic' as const, timeScale: ctx.opts.timeScale };
  return withCart(spec, async (cart) => {
    const cpu0 = cart.cpuMs();
    const task = { kind: 'batch' as const, devices: n, blueprint: 'prepare' as const, concurrency: n, p12: ctx.p12, password: ctx.password };
    const { result, spawnedAtMs } = await runStationTaskTimed<BatchResult>(task, { cart, hostIdentityFile: ctx.hostIdentityFile }, 5 * 60_000 + n * 3000);
    const cpu1 = cart.cpuMs();
    return { result, spawnedAtMs, cartCpuMs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null };
  });
}

function toRow(n: number, runs: PrepareRun[], idealMs: number | null): PrepareRow {
  // With several runs (N = 1) the median run by wall time stands for the size.
  const sorted = [...runs].sort((a, b) => a.result.wallMs - b.result.wallMs);
  const { result: r, cartCpuMs, spawnedAtMs } = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    n,
    runs: runs.length,
    wallMs: r.wallMs,
    wallIdealRatio: ratio(r.wallMs, idealMs),
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
    ...prepareLayers(r, spawnedAtMs),
  };
}

export async function benchPrepare(ctx: BenchContext): Promise<PrepareReport> {
  const idealRunsMs: number[] = [];
  const rows: PrepareRow[] = [];
  let idealMs: number | null = null;
  for (const n of [...ctx.opts.sizes].sort((a, b) => a - b)) {
    const repeats = n === 1 ? ctx.opts.idealRuns : 1;
    const runs = [];
    for (let i = 0; i < repeats; i++) {
      ctx.log(`prepare: ${n} device(s), run ${i + 1}/${repeats}`);
      const run = await onePrepare(ctx, n, i);
      if (run.result.succeeded < run.result.devices) ctx.log(`prepare: ${run.result.devices - run.result.succeeded} of ${n} did not succeed: ${JSON.stringify(run.result.failures.slice(0, 3))}`);
      runs.push(run);
    }
    if (n === 1) {
      idealRunsMs.push(...runs.map((r) => r.result.wallMs));
      idealMs = median(idealRunsMs);
    }
    rows.push(toRow(n, runs, idealMs));
  }
  return { timeScale: ctx.opts.timeScale, idealMs, idealRunsMs, rows };
}
