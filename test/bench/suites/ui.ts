/**
 * The cart screen with 100 tiles updating at 10 Hz, in Debian's Chromium (headless, no GPU):
 * the real server and the built renderer, fed by ui-feed.ts at the hosts' seam. In the page,
 * requestAnimationFrame deltas give frame times and a PerformanceObserver counts long tasks
 * (> 50 ms on the main thread), over a window after a one-second warm-up. The same page at rest
 * is measured first, so a busy machine's own slowness can be told apart from the updates' cost.
 * Beside the frame times, the renderer's main-thread CPU per frame (from /proc) says how much work
 * a frame is, which a shared machine's scheduling does not inflate the way it inflates wall time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../../electron/server/index.js';
import { ROOT } from '../cart-process.js';
import type { BenchContext } from '../context.js';
import { removeDir, sleep, trackDir } from '../proc.js';
import { summarize, type Summary } from '../stats.js';
import { uiFeed } from '../ui-feed.js';
import { INSTALL_PROBE, READ_PROBE, type ProbeReading } from '../ui-probe.js';

export interface UiReport {
  tiles: number;
  hz: number;
  windowMs: number;
  frames: number;
  frameMs: Summary;
  longTasks: number;
  longTaskTotalMs: number;
  longTaskMaxMs: number | null;
  /** DOM mutations in the grid per second: proof the updates reach the screen. */
  gridMutationsPerSec: number;
  /** Device-update events sent, warm-up included. */
  updatesSent: number;
  jsHeapMb: number | null;
  /** The same page with no updates, just before: how fast this (shared) machine draws at rest. */
  idleFrameMs: Summary;
  idleLongTasks: number;
  /**
   * CPU time of the renderer's main thread per drawn frame (/proc, 10 ms ticks; null off Linux):
   * what each frame costs the thread that runs script, style, layout and paint, beside its
   * frame time, which on a shared machine also holds the time the thread waited for a core.
   */
  mainThreadCpuMsPerFrame: number | null;
  idleMainThreadCpuMsPerFrame: number | null;
  /** The renderer's worker threads (software raster, mostly) in CPU ms per second. */
  workerCpuMsPerSec: number | null;
}

interface RendererCpu {
  main: number;
  workers: number;
}

const TICK_MS = 10;

/** Fields after the command name of a /proc stat line (the name may hold spaces). */
function statFields(path: string): { name: string; rest: string[] } | null {
  try {
    const s = readFileSync(path, 'utf8');
    return { name: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')), rest: s.slice(s.lastIndexOf(')') + 2).split(' ') };
  } catch {
    return null; // the process or thread is gone
  }
}

function threadsOf(pid: string): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // the renderer exited meanwhile
  }
}

function readCmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** CPU ms of Chromium's renderer processes under this process: main threads and worker threads. */
function rendererCpu(): RendererCpu | null {
  if (process.platform !== 'linux') return null;
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const parent = new Map(pids.map((p) => [p, statFields(`/proc/${p}/stat`)?.rest[1] ?? '0']));
  const mine = (pid: string): boolean => {
    for (let p: string | undefined = parent.get(pid), hops = 0; p && p !== '0' && hops < 12; p = parent.get(p), hops++) if (p === String(process.pid)) return true;
    return false;
  };
  const total: RendererCpu = { main: 0, workers: 0 };
  for (const pid of pids) {
    if (!readCmdline(pid).includes('--type=renderer') || !mine(pid)) continue;
    for (const tid of threadsOf(pid)) {
      const t = statFields(`/proc/${pid}/task/${tid}/stat`);
      if (!t) continue;
      const ms = (Number(t.rest[11]) + Number(t.rest[12])) * TICK_MS;
      if (tid === pid) total.main += ms;
      else if (t.name.startsWith('ThreadPoolForeg')) total.workers += ms;
    }
  }
  return total;
}

const perFrame = (a: RendererCpu | null, b: RendererCpu | null, frames: number): number | null => (a && b && frames > 0 ? (b.main - a.main) / frames : null);

const STATIC = join(ROOT, 'dist', 'renderer');

function ensureRenderer(ctx: BenchContext): void {
  if (existsSync(join(STATIC, 'index.html'))) return;
  ctx.log('ui: dist/renderer is missing, building it (npm run build:renderer)');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 5 * 60_000 });
}

export async function benchUi(ctx: BenchContext): Promise<UiReport> {
  ensureRenderer(ctx);
  const tiles = ctx.opts.uiDevices;
  const hz = 10;
  const feed = uiFeed(tiles);
  const server = await startServer({ handlers: feed.handlers, subscribe: feed.subscribe, port: 0, staticDir: STATIC });
  const profile = trackDir(mkdtempSync(join(tmpdir(), 'cw-bench-chromium-')));
  ctx.log(`ui: ${tiles} tiles at ${hz} Hz for ${ctx.opts.uiWindowMs / 1000} s in Chromium`);
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1600, height: 1000 },
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage();
    await page.goto(server.signInUrl(), { timeout: 60_000 });
    await page.locator('[data-testid="connection"][data-status="open"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction((n) => document.querySelectorAll('.cw-grid [data-udid]').length >= n, tiles, { timeout: 30_000 });
    await page.evaluate(INSTALL_PROBE);
    const idleCpu0 = rendererCpu();
    await sleep(Math.min(4000, ctx.opts.uiWindowMs / 2));
    const idle = (await page.evaluate(READ_PROBE)) as ProbeReading;
    const idleCpu1 = rendererCpu();
    feed.start(hz);
    await sleep(1000);
    await page.evaluate(INSTALL_PROBE);
    const cpu0 = rendererCpu();
    await sleep(ctx.opts.uiWindowMs);
    const probe = (await page.evaluate(READ_PROBE)) as ProbeReading;
    const cpu1 = rendererCpu();
    const updatesSent = feed.stop();
    const mainThreadCpuMsPerFrame = perFrame(cpu0, cpu1, probe.frames.length);
    const workerCpuMsPerSec = cpu0 && cpu1 ? (cpu1.workers - cpu0.workers) / (ctx.opts.uiWindowMs / 1000) : null;
    ctx.log(`ui: renderer main thread ${mainThreadCpuMsPerFrame?.toFixed(1) ?? '–'} ms CPU per frame (at rest ${perFrame(idleCpu0, idleCpu1, idle.frames.length)?.toFixed(1) ?? '–'}), workers ${workerCpuMsPerSec?.toFixed(0) ?? '–'} ms/s`);
    return {
      tiles,
      hz,
      windowMs: ctx.opts.uiWindowMs,
      frames: probe.frames.length,
      frameMs: summarize(probe.frames),
      longTasks: probe.long.length,
      longTaskTotalMs: probe.long.reduce((s, v) => s + v, 0),
      longTaskMaxMs: probe.long.length ? Math.max(...probe.long) : null,
      gridMutationsPerSec: probe.mutations / (ctx.opts.uiWindowMs / 1000),
      updatesSent,
      jsHeapMb: probe.heap === null ? null : probe.heap / 1024 / 1024,
      idleFrameMs: summarize(idle.frames),
      idleLongTasks: idle.long.length,
      mainThreadCpuMsPerFrame,
      idleMainThreadCpuMsPerFrame: perFrame(idleCpu0, idleCpu1, idle.frames.length),
      workerCpuMsPerSec,
    };
  } finally {
    feed.stop();
    await browser.close().catch(() => undefined);
    await server.close();
    removeDir(profile);
  }
}
