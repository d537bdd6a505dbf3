import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/index.js';
import { SCREENSHOTS, collectPageErrors, launchChromium, shownScheme } from './browser.js';
import { seamStation, type SeamStation } from './seam-station.js';

// The real server and the real screens in Debian's Chromium, with a station at the hosts' seam.
const STATIC = join(process.cwd(), 'dist', 'renderer');
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('station screens over cartwright serve', () => {
  let station: SeamStation;
  let server: RunningServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    station = seamStation();
    server = await startServer({ handlers: station.handlers, subscribe: station.subscribe, port: 0, staticDir: STATIC });
    page = await browser.newPage();
    errors = collectPageErrors(page);
    // As a person would: the one-time address cartwright serve prints.
    await page.goto(server.signInUrl());
    await page.locator('[data-testid="connection"][data-status="open"]').waitFor();
    expect(page.url()).not.toContain('code=');
  });
  afterAll(async () => {
    station.stop();
    await server.close();
  });

  it('shows every slot of the 3 × 10 cart, each device in its slot, empty slots without a UDID', async () => {
    const grid = page.locator('.cw-grid');
    await expect.poll(() => grid.locator('[data-slot]').count()).toBe(30);
    for (const d of station.devices().filter((x) => x.slot !== null)) {
      const tile = grid.locator(`[data-slot="${d.slot}"]`);
      expect(await tile.getAttribute('data-udid')).toBe(d.udid);
      expect(await tile.getAttribute('data-state')).toBe(d.state);
    }
    for (const empty of [14, 23, 28]) {
      const tile = grid.locator(`[data-slot="${empty}"]`);
      expect(await tile.getAttribute('data-udid')).toBeNull();
      expect(await tile.getAttribute('data-state')).toBe('empty');
    }
    // The device on a port the layout does not know is shown, not hidden.
    const unknown = station.devices().find((d) => d.slot === null)!;
    await expect.poll(() => page.locator(`.cw-unknown [data-udid="${unknown.udid}"]`).count()).toBe(1);
    // An error shows its sentence and its remedy on the tile.
    await expect.poll(() => grid.locator('[data-slot="7"]').innerText()).toContain('Unlock the device with its passcode');
    await shot(page, 'cart');
  });

  it('shows the Trust instruction and clears it when the device is trusted', async () => {
    const tile = page.locator('.cw-grid [data-slot="5"]');
    expect(await tile.innerText()).toContain('Tap Trust on the device in slot 5');
    station.trust((await tile.getAttribute('data-udid'))!);
    await expect.poll(() => tile.getAttribute('data-state')).toBe('idle');
    expect(await tile.innerText()).not.toContain('Tap Trust');
  });

  it('filters by state without changing the layout', async () => {
    await page.getByText('Needs attention', { exact: false }).first().click();
    expect(await page.locator('.cw-grid [data-slot="1"]').getAttribute('data-dim')).toBe('true');
    expect(await page.locator('.cw-grid [data-slot="7"]').getAttribute('data-dim')).toBeNull();
    await expect.poll(() => page.locator('.cw-grid [data-slot]').count()).toBe(30);
    await page.locator('label', { hasText: /^All/ }).click();
  });

  it('runs a Prepare batch on selected devices from the cart to the end', async () => {
    const picks = ['9', '18'];
    const udids = await Promise.all(picks.map((s) => page.locator(`.cw-grid [data-slot="${s}"]`).getAttribute('data-udid')));
    for (const s of picks) await page.locator(`.cw-grid [data-slot="${s}"]`).click();
    expect(await page.getByText('2 selected').count()).toBe(1);
    // Prepare opens on the Cart screen itself; the batch shows there too.
    await page.getByRole('button', { name: 'Prepare…' }).click();
    await page.getByRole('dialog', { name: 'Prepare devices' }).getByRole('button', { name: 'Start staging' }).click();
    const batch = page.getByTestId('batch').first();
    await batch.waitFor();
    await expect.poll(() => batch.getAttribute('data-done'), { timeout: 15_000 }).toBe('true');
    expect(await batch.getByTestId('batch-succeeded').innerText()).toBe('2');
    await page.waitForTimeout(500); // let the progress bar finish its transition
    await shot(page, 'staging');
    await page.getByRole('tab', { name: 'Cart' }).click();
    for (const u of udids) expect(await page.locator(`.cw-grid [data-udid="${u}"]`).getAttribute('data-state')).toBe('ready');
  });

  it('opens a device with its identity, supervision and actions', async () => {
    await page.locator('.cw-grid [data-slot="1"] a').click();
    await page.getByText('Identity').waitFor();
    expect(await page.getByText('Supervised by Northwind Schools').count()).toBe(1);
    await shot(page, 'device');
    await page.getByRole('button', { name: 'Erase…' }).click();
    expect(await page.getByRole('button', { name: 'Erase', exact: true }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('checks a device out and back in at the kiosk with the keyboard only', async () => {
    await page.goto(server.signInUrl('#/kiosk'));
    await page.getByTestId('badge-input').waitFor();
    await page.keyboard.type('0042');
    await page.keyboard.press('Enter');
    const slot = page.getByTestId('checkout-slot');
    await slot.waitFor();
    const udid = (await slot.getAttribute('data-udid'))!;
    const expected = station.devices().find((d) => d.udid === udid)!;
    expect(await slot.getAttribute('data-slot')).toBe(String(expected.slot));
    expect(await slot.innerText()).toContain(String(expected.slot));
    await shot(page, 'kiosk-checkout');
    station.unplug(udid);
    await page.getByTestId('checkout-done').waitFor();
    await shot(page, 'kiosk-checked-out');
    await page.keyboard.press('Escape');
    await page.getByTestId('badge-input').waitFor();
    await page.keyboard.type('0042');
    await page.keyboard.press('Enter');
    await page.getByText('Hello, Ana Lopez').waitFor();
    await page.keyboard.press('1');
    const back = page.getByTestId('checkin-slot');
    await back.waitFor();
    expect(await back.getAttribute('data-slot')).toBe(String(expected.slot));
    station.plug(udid);
    await page.getByTestId('checkin-done').waitFor();
  });

  it('shows an unknown badge as a sentence and a remedy', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('badge-input').waitFor();
    await page.keyboard.type('9999');
    await page.keyboard.press('Enter');
    await page.getByText('This badge is not known to the station.').waitFor();
    expect(await page.getByText('Ask an administrator to add your badge.').count()).toBe(1);
    await shot(page, 'kiosk-error');
  });

  it('shows the admin screens', async () => {
    for (const tab of ['audit', 'blueprints', 'calibration', 'settings']) {
      await page.goto(server.signInUrl(`#/admin/${tab}`));
      await page.locator('[role="tabpanel"]:visible').waitFor();
      if (tab === 'audit') await page.getByText('kiosk.checkOut').waitFor();
      if (tab === 'blueprints') {
        await page.getByText('Prepare', { exact: true }).click();
        await page.getByRole('tab', { name: 'Advanced (JSON)' }).click();
        await page.getByText('valid JSON').waitFor();
        await page.getByLabel('Blueprint JSON').fill('{ "name": "Broken", ');
        await page.getByText(/not valid JSON/).first().waitFor();
      }
      await shot(page, `admin-${tab}`);
    }
  });

  it('looks right in dark mode', async () => {
    const dark = await browser.newPage({ colorScheme: 'dark' });
    await dark.goto(server.signInUrl());
    await dark.locator('.cw-grid [data-slot="30"]').waitFor();
    // Light text on a dark page, unlike the light page the other tests use; and the whole cart drawn.
    const shown = await shownScheme(dark);
    expect(shown.scheme).toBe('dark');
    expect(shown.background).toBeLessThan(0.1);
    expect(shown.text).toBeGreaterThan(0.5);
    const light = await shownScheme(page);
    expect(light.scheme).toBe('light');
    expect(light.background).toBeGreaterThan(0.8);
    expect(await dark.locator('.cw-grid [data-slot]').count()).toBe(30);
    await shot(dark, 'cart-dark');
    await dark.close();
  });

  it('logged no page errors (CSP violations included)', () => {
    expect(errors).toEqual([]);
  });
});

describe('a station served with an access token, in kiosk mode', () => {
  const TOKEN = 'e2e-token-0123456789abcdef';
  let station: SeamStation;
  let server: RunningServer;

  beforeAll(async () => {
    station = seamStation();
    server = await startServer({ handlers: station.handlers, subscribe: station.subscribe, port: 0, staticDir: STATIC, token: TOKEN, kiosk: true });
  });
  afterAll(async () => {
    station.stop();
    await server.close();
  });

  it('refuses the page without the token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(server.url);
    expect(res?.status()).toBe(401);
    await page.close();
  });

  it('opens with ?token=, drops it from the address, and runs the kiosk over the authenticated socket', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}?token=${TOKEN}`);
    await page.getByTestId('badge-input').waitFor();
    expect(page.url()).not.toContain(TOKEN);
    expect(await page.locator('.mantine-AppShell-header').count()).toBe(0);
    await shot(page, 'kiosk-host');
    await page.keyboard.type('0042');
    await page.keyboard.press('Enter');
    const slot = page.getByTestId('checkout-slot');
    await slot.waitFor();
    station.unplug((await slot.getAttribute('data-udid'))!);
    await page.getByTestId('checkout-done').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
