/**
 * The same per-device work — pair, read identity and battery, rename — done three ways on a
 * fresh cart each (usbmuxd holds the pair records, so each variant starts unpaired), same seed,
 * same realistic latency and simulated people: the admins' shell loop over libimobiledevice's
 * tools, sequential and with xargs -P, and Cartwright's station (blueprint pair → inspect →
 * rename, every device at once).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, withCart, type CartProcess } from '../cart-process.js';
import type { BenchContext } from '../context.js';
import { nowMs, stopChild, track, withTimeout } from '../proc.js';
import { runStationTask } from '../station-child.js';
import type { BatchResult } from '../station-task.js';
import { ratio } from '../stats.js';

export interface LoopRun {
  variant: string;
  devices: number;
  ok: number;
  failures: string[];
  wallMs: number;
  /** Host-side CPU per device: every tool the loop ran (bash's `times`), or the station process. */
  cpuMsPerDevice: number | null;
}

export interface BaselineReport {
  devices: number;
  timeScale: number;
  sequential: LoopRun;
  parallel: LoopRun;
  cartwright: LoopRun & { stationReadyMs: number };
  speedupVsSequential: number | null;
  speedupVsParallel: number | null;
}

/** Parses the loop's output (pure; unit-tested). */
export function parseLoopOutput(stdout: string): { ok: number; failures: string[]; cpuMs: number | null } {
  const lines = stdout.split('\n');
  const ok = lines.filter((l) => l.startsWith('OK ')).length;
  const failures = lines.filter((l) => l.startsWith('FAIL ')).map((l) => l.slice(5));
  // After TIMES: the shell's own "0m0.004s 0m0.001s", then its children's (the tools).
  const children = /^TIMES\n.*\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/m.exec(stdout);
  const cpuMs = children ? (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000 : null;
  return { ok, failures, cpuMs };
}

async function toolsLoop(cart: CartProcess, parallel: number, devices: number): Promise<LoopRun> {
  const t0 = nowMs();
  // Its own process group, so stopping it also stops xargs and the tools it started.
  const child = track(spawn('bash', [join(ROOT, 'test/bench/tools-loop.sh'), String(parallel)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, USBMUXD_SOCKET_ADDRESS: cart.usbmuxd } }), true);
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.resume();
  try {
    await withTimeout(new Promise<void>((resolve) => child.once('exit', () => resolve())), 20 * 60_000, `tools loop (-P ${parallel})`);
  } finally {
    await stopChild(child);
  }
  const wallMs = nowMs() - t0;
  const parsed = parseLoopOutput(stdout);
  return {
    variant: parallel <= 1 ? 'tools, sequential' : `tools, xargs -P ${parallel}`,
    devices,
    ok: parsed.ok,
    failures: parsed.failures,
    wallMs,
    cpuMsPerDevice: parsed.cpuMs === null ? null : parsed.cpuMs / devices,
  };
}

export async function benchBaseline(ctx: BenchContext): Promise<BaselineReport> {
  const devices = ctx.opts.baselineDevices;
  const spec = { devices, seed: `bench-baseline-${devices}`, latency: 'realistic' as const, timeScale: ctx.opts.timeScale };
  ctx.log(`baseline: libimobiledevice tools, sequential, ${devices} devices`);
  const sequential = await withCart(spec, (cart) => toolsLoop(cart, 1, devices));
  ctx.log(`baseline: libimobiledevice tools, xargs -P ${ctx.opts.toolsParallel}`);
  const parallel = await withCart(spec, (cart) => toolsLoop(cart, ctx.opts.toolsParallel, devices));
  ctx.log('baseline: Cartwright (pair → inspect → rename)');
  const station = await withCart(spec, (cart) =>
    runStationTask<BatchResult>({ kind: 'batch', devices, blueprint: 'basic', concurrency: devices, p12: ctx.p12, password: ctx.password }, { cart, hostIdentityFile: ctx.hostIdentityFile }, 10 * 60_000),
  );
  const cartwright = {
    variant: 'Cartwright station',
    devices,
    ok: station.succeeded,
    failures: station.failures.map((f) => `${f.udid} ${f.state} ${f.code ?? ''}`.trim()),
    wallMs: station.wallMs,
    cpuMsPerDevice: station.cpuMs / station.devices,
    stationReadyMs: station.readyMs,
  };
  return {
    devices,
    timeScale: ctx.opts.timeScale,
    sequential,
    parallel,
    cartwright,
    speedupVsSequential: ratio(sequential.wallMs, cartwright.wallMs),
    speedupVsParallel: ratio(parallel.wallMs, cartwright.wallMs),
  };
}
