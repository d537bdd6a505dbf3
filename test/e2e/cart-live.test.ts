import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/index.js';
import { prepareBlueprint } from '../../electron/staging/prepare.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { ENROLL_PROFILE, StationHarness } from '../integration/staging/harness.js';
import { SCREENSHOTS, collectPageErrors, launchChromium } from './browser.js';

const STATIC = join(process.cwd(), 'dist', 'renderer');

/**
 * The Cart screen stays true while devices come and go, on the real station and a calibrated
 * 6-device virtual cart (2 × 3): a device pulled out leaves its slot empty and plugged back in
 * fills it, without a reload; "Needs attention" counts what needs a person and is neutral at
 * zero; the Device screen's Prepare opens the same drawer as the cart, for that device only.
 */
describe('the Cart screen follows the cart live', () => {
  const h = new StationHarness({ devices: 6, seed: `cart-live-${Date.now()}` });
  let station: Station;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let errors: string[];
  const slotUdid = new Map<number, string>();

  const tile = (slot: number) => page.locator(`.cw-grid [data-slot="${slot}"]`);
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `cart-live-${name}.png`), fullPage: true });
  const attention = () => page.getByRole('button', { name: /^Needs attention \(\d+\)$/ });
  // Set once on the page: still there means the page was never reloaded.
  const sameDocument = () => page.evaluate(() => (window as unknown as { cartLiveMarker?: boolean }).cartLiveMarker === true);

  beforeAll(async () => {
    await h.start(2, 3);
    Object.assign(process.env, h.env);
    station = await openStation({ dataDir: join(h.dir, 'data'), identity: { kind: 'pkcs12', file: h.p12, password: 'pw' }, trustTimeoutMs: 60_000, source: 'api' });
    await station.ready();
    const enrollProfile = { name: 'mdm.mobileconfig', data: readFileSync(ENROLL_PROFILE).toString('base64') };
    await station.handlers['blueprints.save']({ body: prepareBlueprint({ name: 'Cart A', nameTemplate: 'Cart A-{slot:2}', enrollProfile, enrollMode: 'install' }) });
    for (const s of (await station.handlers['cart.get']({})).slots) if (s.udid) slotUdid.set(s.slot, s.udid);
    server = await startServer({ handlers: station.handlers, subscribe: (l) => station.subscribe(l), port: 0, staticDir: STATIC });
    browser = await launchChromium();
    page = await browser.newPage({ width: 1440, height: 1000 });
    errors = collectPageErrors(page);
    await page.goto(server.signInUrl());
    await page.locator('[data-testid="connection"][data-status="open"]').waitFor();
    await page.locator('.cw-grid [data-udid]').nth(5).waitFor({ timeout: 30_000 });
    await page.evaluate(() => void ((window as unknown as { cartLiveMarker?: boolean }).cartLiveMarker = true));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await station?.close();
    await h.dispose();
  });

  it('"Needs attention" is neutral and disabled while nothing needs attention', async () => {
    expect(await attention().innerText()).toBe('Needs attention (0)');
    expect(await attention().isDisabled()).toBe(true);
    await shot('nothing-needs-attention');
  });

  it('empties a slot when its device is pulled out and fills it when it is plugged back, without a reload', async () => {
    const udid = slotUdid.get(2)!;
    await h.cart.act(udid, 'unplug');
    await expect.poll(() => tile(2).getAttribute('data-state'), { timeout: 15_000 }).toBe('empty');
    expect(await tile(2).getAttribute('aria-label')).toBe('Slot 2: empty');
    expect(await page.locator(`.cw-grid [data-udid="${udid}"]`).count()).toBe(0);
    // The other slots keep their devices and places.
    for (const s of [1, 3, 4, 5, 6]) expect(await tile(s).getAttribute('data-udid')).toBe(slotUdid.get(s));
    await shot('unplugged');

    await h.cart.act(udid, 'plug');
    await expect.poll(() => tile(2).getAttribute('data-udid'), { timeout: 15_000 }).toBe(udid);
    await expect.poll(() => tile(2).getAttribute('data-state'), { timeout: 15_000 }).not.toBe('connecting');
    expect(await sameDocument()).toBe(true);
    await shot('plugged-back');
  });

  it('prepares one device from its Device screen in the Prepare drawer, staying on that screen', async () => {
    const udid = slotUdid.get(1)!;
    await tile(1).locator('a').click();
    await page.getByRole('button', { name: 'Prepare…' }).click();
    const drawer = page.getByRole('dialog', { name: 'Prepare devices' });
    await drawer.waitFor();
    expect(await drawer.innerText()).toMatch(/This device only: .* in slot 1\./);
    await drawer.getByLabel('Blueprint', { exact: true }).click();
    await page.getByRole('option', { name: /^Cart A \(v\d+\)$/ }).click();
    await shot('device-prepare-drawer');
    await drawer.getByRole('button', { name: 'Start staging' }).click();
    await drawer.waitFor({ state: 'hidden' });
    expect(page.url()).toContain(`#/device/${udid}`);
    await expect.poll(async () => (await h.cart.device(udid)).name, { timeout: 60_000 }).toBe('Cart A-01');
    expect(await h.cart.device(udid)).toMatchObject({ supervised: true, organizationName: 'Acme Schools' });
    // Only that device: the rest of the cart is untouched.
    for (const d of (await h.cart.devices()).filter((x) => x.udid !== udid)) expect(d.supervised).toBe(false);
    await shot('device-prepared');
  }, 120_000);

  it('counts the devices that need attention, in red, and selects them', async () => {
    const locked = slotUdid.get(3)!;
    await h.cart.fault({ kind: 'passcode-locked', udid: locked });
    await page.getByRole('tab', { name: 'Cart' }).click();
    await tile(3).click();
    await page.getByRole('button', { name: 'Prepare…' }).click();
    const drawer = page.getByRole('dialog', { name: 'Prepare devices' });
    await drawer.getByLabel('Blueprint', { exact: true }).click();
    await page.getByRole('option', { name: /^Cart A \(v\d+\)$/ }).click();
    await drawer.getByRole('button', { name: 'Start staging' }).click();
    await expect.poll(() => attention().innerText(), { timeout: 60_000 }).toBe('Needs attention (1)');
    expect(await attention().isDisabled()).toBe(false);
    await attention().click();
    const selected = await page.locator('.cw-grid [aria-selected="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-slot')));
    expect(selected).toEqual(['3']);
    await shot('needs-attention');
    expect(await sameDocument()).toBe(true);
  }, 120_000);

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
