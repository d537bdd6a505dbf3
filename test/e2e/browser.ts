import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

/** Debian's Chromium, headless, in a fresh profile; never a downloaded browser. */
export async function launchChromium(): Promise<{ browser: Browser | BrowserContext; newPage(opts?: { colorScheme?: 'light' | 'dark'; width?: number; height?: number }): Promise<Page>; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'cw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1600, height: 1000 },
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser: context,
    async newPage(opts = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width: opts.width ?? 1600, height: opts.height ?? 1000 });
      await page.emulateMedia({ colorScheme: opts.colorScheme ?? 'light' });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Errors the page logged: a CSP violation or an uncaught exception fails the test. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are reported with their address below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  // API errors are part of the flows (an unknown badge is a 404); a missing page asset is not.
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && !path.startsWith('/api/')) errors.push(`HTTP ${r.status()}: ${path}`);
  });
  return errors;
}

export interface ShownScheme {
  /** The scheme Mantine applied to the page (`data-mantine-color-scheme` on <html>). */
  scheme: string | null;
  /** Relative luminance (0 black … 1 white) of the page background and of its body text. */
  background: number;
  text: number;
}

/** What a person sees of the colour scheme: so a "dark mode" test fails when the page stays light. */
export function shownScheme(page: Page): Promise<ShownScheme> {
  return page.evaluate(() => {
    // WCAG 2 relative luminance of a computed `rgb(r, g, b)` colour.
    const luminance = (css: string): number => {
      const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const body = getComputedStyle(document.body);
    return { scheme: document.documentElement.getAttribute('data-mantine-color-scheme'), background: luminance(body.backgroundColor), text: luminance(body.color) };
  });
}
