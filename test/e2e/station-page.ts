import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../electron/server/index.js';
import type { Station } from '../../electron/station/station.js';
import { SCREENSHOTS, collectPageErrors, launchChromium } from './browser.js';

/** The built renderer (`npm run build:renderer`), served as `cartwright serve` serves it. */
export const STATIC = join(process.cwd(), 'dist', 'renderer');

export interface StationPage {
  server: RunningServer;
  /** For a second page on the same station (another colour scheme, a kiosk beside the screen). */
  browser: Awaited<ReturnType<typeof launchChromium>>;
  page: Page;
  /** What the page logged as errors so far: a test ends by expecting none. */
  errors: string[];
  /** Signs in again on `hash` (a fresh page load) and waits for the station's live connection. */
  signIn(hash?: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Options {
  /** Where the page opens, e.g. `#/flows`; the landing screen by default. */
  hash?: string;
  width?: number;
  height?: number;
  /** How long the first connection may take (a station still reading a large cart is slower). */
  connectTimeoutMs?: number;
}

/**
 * `cartwright serve`'s server over an open station and Debian's Chromium signed in to it, connected:
 * the start of every e2e test that drives the screens. `close` ends both (not the station).
 */
export async function openStationPage(station: Pick<Station, 'handlers' | 'subscribe'>, opts: Options = {}): Promise<StationPage> {
  const server = await startServer({ handlers: station.handlers, subscribe: (l) => station.subscribe(l), port: 0, staticDir: STATIC });
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ width: opts.width ?? 1600, height: opts.height ?? 1000 });
    const errors = collectPageErrors(page);
    const signIn = async (hash = '', timeoutMs?: number) => {
      await page.goto(server.signInUrl(hash));
      await page.locator('[data-testid="connection"][data-status="open"]').waitFor(timeoutMs ? { timeout: timeoutMs } : {});
    };
    await signIn(opts.hash, opts.connectTimeoutMs);
    const opened = browser;
    return {
      server,
      browser: opened,
      page,
      errors,
      signIn,
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.close();
    throw err;
  }
}

/**
 * Screenshots into test-results/screenshots/<prefix>-<name>.png, full page, as a person sees the
 * page: scrolled to the top (a full-page capture of a scrolled page draws the fixed header
 * mid-page) and with nothing hovered (a hovered button looks pressed).
 */
export function screenshots(prefix: string): (page: Page, name: string, fullPage?: boolean) => Promise<void> {
  return async (page, name, fullPage = true) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(1, 1);
    await page.screenshot({ path: join(SCREENSHOTS, `${prefix}-${name}.png`), fullPage });
  };
}
