import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBlueprint } from '../../electron/staging/prepare.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { stationInternals } from '../../electron/station/station-internals.js';
import { ENROLL_PROFILE, StationHarness } from '../integration/staging/harness.js';
import { SCREENSHOTS } from './browser.js';
import { openStationPage, type StationPage } from './station-page.js';

// The whole chain: virtual cart → native addon → real station → cartwright serve → Chromium.

describe('the station screens on the virtual cart', () => {
  const h = new StationHarness({ devices: 8, seed: `ui-${Date.now()}` });
  let station: Station;
  let ui: StationPage;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await h.start(2, 4);
    Object.assign(process.env, h.env);
    station = await openStation({ dataDir: join(h.dir, 'data'), identity: { kind: 'pkcs12', file: h.p12, password: 'pw' }, trustTimeoutMs: 60_000, source: 'api' });
    await station.ready();
    // Staging installs a profile, so the Device screen has one to list.
    const enrollProfile = { name: 'mdm.mobileconfig', data: readFileSync(ENROLL_PROFILE).toString('base64') };
    await station.handlers['blueprints.save']({ body: prepareBlueprint({ nameTemplate: 'Cart A-{slot:2}', enrollProfile, enrollMode: 'install' }) });
    ui = await openStationPage(station);
    ({ page, errors } = ui);
  }, 180_000);
  afterAll(async () => {
    await ui?.close();
    await station?.close();
    await h.dispose();
  });

  it('shows every device of the cart in its slot', async () => {
    const devices = await h.cart.devices();
    await expect.poll(() => page.locator('.cw-grid [data-udid]').count(), { timeout: 30_000 }).toBe(devices.length);
    const slots = await station.handlers['cart.get']({});
    for (const s of slots.slots.filter((x) => x.udid)) {
      expect(await page.locator(`.cw-grid [data-slot="${s.slot}"]`).getAttribute('data-udid')).toBe(s.udid);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'virtual-cart.png'), fullPage: true });
  });

  it('shows the Trust instruction while pairing waits, and clears it when Trust is tapped', async () => {
    const [first] = await h.cart.devices();
    const udid = first!.udid;
    // Only a device past Setup Assistant shows the Trust dialog (one in Setup pairs without it).
    await h.cart.act(udid, 'finish-setup');
    await h.cart.act(udid, 'pending');
    const tile = page.locator(`.cw-grid [data-udid="${udid}"]`);
    await tile.click();
    await page.getByRole('button', { name: 'Pair' }).click();
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 30_000 }).toBe('waiting-trust');
    expect(await tile.innerText()).toMatch(/Tap Trust/);
    await page.screenshot({ path: join(SCREENSHOTS, 'virtual-cart-trust.png'), fullPage: true });
    await h.cart.act(udid, 'trust');
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 30_000 }).toBe('idle');
    await expect.poll(() => tile.innerText()).not.toMatch(/Tap Trust/);
    await page.keyboard.press('Escape');
    // A set-up device cannot be supervised until it is erased (MCInstall refuses the provisional
    // enrollment), as a technician would before Prepare: back in Setup Assistant, unpaired.
    await h.cart.act(udid, 'erase');
    await expect.poll(async () => {
      const d = await h.cart.device(udid);
      return d.connected && !d.setupCompleted && d.pairedHostIds.length === 0;
    }, { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await station.handlers['devices.get']({ udid })).device.connected, { timeout: 30_000 }).toBe(true);
  });

  it('runs a Prepare batch from the Staging screen to the end', async () => {
    await page.getByRole('tab', { name: 'Staging' }).click();
    await page.getByText('All connected', { exact: false }).click();
    await page.getByTestId('start-staging').click();
    const batch = page.getByTestId('batch').first();
    await batch.waitFor();
    await expect.poll(() => batch.getAttribute('data-done'), { timeout: 180_000, interval: 500 }).toBe('true');
    const devices = await h.cart.devices();
    expect(await batch.getByTestId('batch-succeeded').innerText()).toBe(String(devices.length));
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SCREENSHOTS, 'virtual-cart-staged.png'), fullPage: true });
    await page.getByRole('tab', { name: 'Cart' }).click();
    await expect.poll(() => page.locator('.cw-grid [data-state="ready"]').count(), { timeout: 30_000 }).toBe(devices.length);
    for (const d of await h.cart.devices()) expect(d.supervised).toBe(true);
  });

  it('lists a staged device’s installed profiles on its Device screen', async () => {
    const slots = await station.handlers['cart.get']({});
    const first = slots.slots.find((s) => s.udid)!;
    const detail = await station.handlers['devices.get']({ udid: first.udid! });
    expect(detail.profiles).toContainEqual({ identifier: 'com.example.mdm.enroll', displayName: 'Example MDM Enrollment' });
    await page.locator(`.cw-grid [data-slot="${first.slot}"] a`).click();
    await page.getByText('Example MDM Enrollment').waitFor({ timeout: 30_000 });
    expect(await page.getByText('com.example.mdm.enroll', { exact: true }).count()).toBe(1);
    expect(await page.getByText('No configuration profiles installed').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'virtual-cart-device-profiles.png'), fullPage: true });
    await page.getByRole('tab', { name: 'Cart' }).click();
  });

  it('checks a device out at the kiosk, the cart unplugs it, the UI confirms; a check-in returns it', async () => {
    station.activateFlows();
    stationInternals(station).store.users.upsert({ id: 'k1', name: 'Kim Kiosk', username: 'kim', badge: '7001', source: 'local' });
    await station.handlers['flows.settings']({ change: { batteryThreshold: 20, returnPolicy: 'keep' } });
    for (const d of await h.cart.devices()) await h.cart.setBattery(d.udid, { level: 90 });
    await page.goto(ui.server.signInUrl('#/kiosk'));
    await page.getByTestId('badge-input').waitFor();
    await page.keyboard.type('7001');
    await page.keyboard.press('Enter');
    const slot = page.getByTestId('checkout-slot');
    await slot.waitFor({ timeout: 30_000 });
    const udid = (await slot.getAttribute('data-udid'))!;
    expect(await slot.getAttribute('data-slot')).toBe(String((await station.handlers['devices.get']({ udid })).device.slot));
    expect((await h.cart.device(udid)).battery).toBeGreaterThanOrEqual(20);
    await page.screenshot({ path: join(SCREENSHOTS, 'kiosk-real-checkout.png'), fullPage: true });

    await h.cart.act(udid, 'unplug');
    await page.getByTestId('checkout-done').waitFor({ timeout: 30_000 });
    expect(stationInternals(station).store.checkouts.activeForDevice(udid)?.userId).toBe('k1');
    await page.screenshot({ path: join(SCREENSHOTS, 'kiosk-real-checked-out.png'), fullPage: true });

    await page.keyboard.press('Escape');
    await page.getByTestId('badge-input').waitFor();
    await page.keyboard.type('7001');
    await page.keyboard.press('Enter');
    await page.getByText('Hello, Kim Kiosk').waitFor();
    await page.keyboard.press('1');
    const back = page.getByTestId('checkin-slot');
    await back.waitFor();
    expect(await back.getAttribute('data-udid')).toBe(udid);
    await page.screenshot({ path: join(SCREENSHOTS, 'kiosk-real-checkin.png'), fullPage: true });
    await h.cart.act(udid, 'plug');
    await page.getByTestId('checkin-done').waitFor({ timeout: 30_000 });
    await expect.poll(() => stationInternals(station).store.checkouts.activeForDevice(udid), { timeout: 30_000 }).toBeUndefined();
    await page.screenshot({ path: join(SCREENSHOTS, 'kiosk-real-checked-in.png'), fullPage: true });
    const actions = stationInternals(station).store.audit.query({ udid, limit: 50 }).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['flow.checkout.picked', 'flow.checkout', 'kiosk.checkin.started', 'flow.checkin']));
  });

  it('never says "Enjoy your device" at the kiosk when the check-out cannot be recorded', async () => {
    stationInternals(station).store.users.upsert({ id: 'k2', name: 'Lee Kiosk', username: 'lee', badge: '7002', source: 'local' });
    await page.keyboard.press('Escape');
    await page.getByTestId('badge-input').waitFor();
    // The station's database refuses the check-out's write (a full disk, a failing drive).
    stationInternals(station).store.db.exec("CREATE TEMP TRIGGER e2e_refuse_checkout BEFORE INSERT ON checkouts BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
    try {
      await page.keyboard.type('7002');
      await page.keyboard.press('Enter');
      const slot = page.getByTestId('checkout-slot');
      await slot.waitFor({ timeout: 30_000 });
      const udid = (await slot.getAttribute('data-udid'))!;
      // Remember whether the "taken" screen ever shows, even for a moment.
      await page.evaluate(() => {
        const w = window as unknown as { sawTaken: boolean };
        w.sawTaken = false;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid="checkout-done"]')) w.sawTaken = true;
        }).observe(document.body, { childList: true, subtree: true });
      });
      await h.cart.act(udid, 'unplug');
      await page.locator('.cw-kiosk-error').getByText('The check-out could not be recorded', { exact: false }).waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { sawTaken: boolean }).sawTaken)).toBe(false);
      expect(await page.getByText('Enjoy your device').count()).toBe(0);
      expect(stationInternals(station).store.checkouts.activeForDevice(udid)).toBeUndefined();
      await page.screenshot({ path: join(SCREENSHOTS, 'kiosk-real-checkout-not-recorded.png'), fullPage: true });
      await h.cart.act(udid, 'plug');
      await expect.poll(async () => (await station.handlers['devices.list']({})).find((d) => d.udid === udid)?.connected, { timeout: 30_000 }).toBe(true);
    } finally {
      stationInternals(station).store.db.exec('DROP TRIGGER IF EXISTS e2e_refuse_checkout');
    }
    await page.keyboard.press('Escape');
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
