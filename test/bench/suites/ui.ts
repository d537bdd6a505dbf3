/**
 * The cart screen with 100 tiles updating at 10 Hz, in Debian's Chromium (headless, no GPU):
 * the real server and the built renderer, fed by ui-feed.ts at the hosts' seam. In the page,
 * requestAnimationFrame deltas give frame times and a PerformanceObserver counts long tasks
 * (> 50 ms on the main thread), over a window after a one-second warm-up. The same page at rest
 * is measured first, so a busy machine's own slowness can be told apart from the updates' cost.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
}

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
    await sleep(Math.min(4000, ctx.opts.uiWindowMs / 2));
    const idle = (await page.evaluate(READ_PROBE)) as ProbeReading;
    feed.start(hz);
    await sleep(1000);
    await page.evaluate(INSTALL_PROBE);
    await sleep(ctx.opts.uiWindowMs);
    const probe = (await page.evaluate(READ_PROBE)) as ProbeReading;
    const updatesSent = feed.stop();
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
    };
  } finally {
    feed.stop();
    await browser.close().catch(() => undefined);
    await server.close();
    removeDir(profile);
  }
}
