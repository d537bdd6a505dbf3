import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationEvent } from '../../electron/api/index.js';
import { prepareBlueprint } from '../../electron/staging/prepare.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { ENROLL_PROFILE, StationHarness } from '../integration/staging/harness.js';
import { prepareFromCart } from './journey/cart-batch.js';
import { openStationPage, screenshots, type StationPage } from './station-page.js';

const cartShot = screenshots('cart-batch');

/**
 * A batch run and watched from the Cart screen alone, on the real station and an 8-device
 * virtual cart (2 × 4) with a real cart's latencies, two devices staged at a time: selecting by
 * click, shift-click, drag, keyboard and "Select all"; Prepare from the cart; pause and resume;
 * a locked device's remedy and Retry; the CSV summary; cancelling a paused batch.
 */
describe('running and watching a batch from the Cart screen', () => {
  const h = new StationHarness({ devices: 8, seed: `cart-batch-${Date.now()}`, latency: 'realistic' });
  let station: Station;
  let ui: StationPage;
  let page: Page;
  let errors: string[];
  const stepStarts: number[] = [];
  const slotUdid = new Map<number, string>();

  const tile = (slot: number) => page.locator(`.cw-grid [data-slot="${slot}"]`);
  const selectedSlots = async () => (await page.locator('.cw-grid [aria-selected="true"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-slot'))))).sort((a, b) => a - b);
  const card = () => page.getByTestId('cart-batch').getByTestId('batch');
  const shot = (name: string) => cartShot(page, name);
  const batchId = async () => (await card().getAttribute('data-batch'))!;

  async function openPrepare(blueprint: string): Promise<void> {
    await page.getByRole('button', { name: 'Prepare…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Prepare devices' });
    await dialog.getByLabel('Blueprint', { exact: true }).click();
    await page.getByRole('option', { name: new RegExp(`^${blueprint} \\(v\\d+\\)$`) }).click();
  }

  beforeAll(async () => {
    await h.start(2, 4);
    Object.assign(process.env, h.env);
    station = await openStation({ dataDir: join(h.dir, 'data'), identity: { kind: 'pkcs12', file: h.p12, password: 'pw' }, concurrency: 2, trustTimeoutMs: 60_000, source: 'api' });
    await station.ready();
    station.subscribe((e: StationEvent) => {
      if (e.type === 'job' && e.job.kind === 'step-started') stepStarts.push(Date.now());
    });
    const enrollProfile = { name: 'mdm.mobileconfig', data: readFileSync(ENROLL_PROFILE).toString('base64') };
    await station.handlers['blueprints.save']({ body: prepareBlueprint({ name: 'Cart A', nameTemplate: 'Cart A-{slot:2}', enrollProfile, enrollMode: 'install' }) });
    await station.handlers['blueprints.save']({ body: prepareBlueprint({ name: 'Cart B', nameTemplate: 'Cart B-{slot:2}', enrollProfile, enrollMode: 'install' }) });
    for (const s of (await station.handlers['cart.get']({})).slots) if (s.udid) slotUdid.set(s.slot, s.udid);
    ui = await openStationPage(station, { width: 1440 });
    ({ page, errors } = ui);
    await page.locator('.cw-grid [data-udid]').nth(7).waitFor({ timeout: 30_000 });
  }, 180_000);
  afterAll(async () => {
    await ui?.close();
    await station?.close();
    await h.dispose();
  });

  it('selects by click, shift-click, drag, keyboard and "Select all"', async () => {
    await tile(1).click();
    expect(await selectedSlots()).toEqual([1]);
    await tile(4).click({ modifiers: ['Shift'] });
    expect(await selectedSlots()).toEqual([1, 2, 3, 4]);
    await page.getByRole('button', { name: 'Clear' }).click();

    // A drag from slot 2 (row 1) to slot 7 (row 2) spans the block 2, 3 / 6, 7.
    const from = (await tile(2).boundingBox())!;
    const to = (await tile(7).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    expect(await selectedSlots()).toEqual([2, 3, 6, 7]);
    expect(await page.getByText('4 selected').count()).toBe(1);
    await shot('drag');

    await page.getByRole('button', { name: 'Clear' }).click();
    await tile(8).focus();
    await page.keyboard.press('Space');
    expect(await selectedSlots()).toEqual([8]);
    await page.keyboard.press('Enter');
    expect(await selectedSlots()).toEqual([]);

    await page.getByRole('button', { name: 'Select all' }).click();
    expect(await selectedSlots()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await shot('selection');
  });

  it('prepares from the Cart screen, pauses (nothing new starts) and resumes', async () => {
    // Slot 3 is locked with a passcode: it pauses for a person, the rest go on.
    await h.cart.fault({ kind: 'passcode-locked', udid: slotUdid.get(3)! });
    await openPrepare('Cart A');
    const dialog = page.getByRole('dialog', { name: 'Prepare devices' });
    expect(await dialog.getByText('8 devices selected on the cart.').count()).toBe(1);
    await shot('prepare');
    await dialog.getByRole('button', { name: 'Start staging' }).click();
    await card().waitFor();
    await card().getByRole('button', { name: 'Pause batch' }).click();
    await expect.poll(() => card().getAttribute('data-held')).toBe('true');
    // Still on the Cart screen: nothing navigated away.
    expect(await page.getByRole('tab', { name: 'Cart' }).getAttribute('aria-selected')).toBe('true');

    const id = await batchId();
    await expect.poll(async () => (await station.handlers['staging.batch']({ batchId: id })).running, { timeout: 60_000 }).toBe(0);
    const stillAt = Date.now();
    const before = await station.handlers['staging.batch']({ batchId: id });
    await page.waitForTimeout(2000);
    expect(stepStarts.filter((t) => t > stillAt)).toEqual([]);
    expect(await station.handlers['staging.batch']({ batchId: id })).toMatchObject({ succeeded: before.succeeded, running: 0, held: true });
    expect(before.succeeded).toBeLessThan(7);
    await expect.poll(() => page.locator('.cw-grid .cw-badge', { hasText: 'Paused' }).count()).toBeGreaterThan(0);
    expect(await card().innerText()).toMatch(/paused/);
    await shot('paused');

    await card().getByRole('button', { name: 'Resume batch' }).click();
    await expect.poll(() => card().getAttribute('data-held')).toBe('false');
    await expect.poll(() => card().getAttribute('data-succeeded'), { timeout: 180_000, interval: 500 }).toBe('7');
  });

  it('shows the locked device’s remedy on its tile and in the batch; Retry finishes it', async () => {
    const locked = tile(3);
    // The device layer's own sentence names the slot.
    const remedy = /Unlock the device in slot 3 with its passcode/;
    await expect.poll(() => locked.innerText(), { timeout: 60_000 }).toMatch(remedy);
    const failure = card().getByTestId('batch-failure');
    await expect.poll(() => failure.count(), { timeout: 30_000 }).toBe(1);
    expect(await failure.innerText()).toMatch(remedy);
    await shot('failure');

    await h.cart.act(slotUdid.get(3)!, 'unlock');
    await locked.getByRole('button', { name: /^Retry / }).click();
    await expect.poll(() => card().getAttribute('data-done'), { timeout: 120_000, interval: 500 }).toBe('true');
    expect(await card().getAttribute('data-succeeded')).toBe('8');
    for (const d of await h.cart.devices()) expect(d.supervised).toBe(true);
  });

  it('downloads the batch summary as CSV, one row per device', async () => {
    const summary = card().getByTestId('batch-summary');
    await summary.waitFor();
    await shot('summary');
    const [download] = await Promise.all([page.waitForEvent('download'), summary.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe('slot,serial,name,outcome,failed step,error,remedy,duration (s),udid');
    expect(rows).toHaveLength(8);
    const devices = await h.cart.devices();
    rows.forEach((line, i) => {
      const [slot, serial, name, outcome, , , , duration, udid] = line.split(',');
      expect(Number(slot)).toBe(i + 1);
      expect(udid).toBe(slotUdid.get(i + 1));
      expect(serial).toBe(devices.find((d) => d.udid === udid)!.serial);
      expect(name).toBe(`Cart A-${String(i + 1).padStart(2, '0')}`);
      expect(outcome).toBe('Ready');
      expect(Number(duration)).toBeGreaterThan(0);
    });
  });

  it('cancels a paused batch from the Cart screen', async () => {
    const previous = await batchId();
    await page.getByRole('button', { name: 'Select all' }).click();
    await openPrepare('Cart B');
    await page.getByRole('dialog', { name: 'Prepare devices' }).getByRole('button', { name: 'Start staging' }).click();
    await expect.poll(batchId).not.toBe(previous);
    await card().getByRole('button', { name: 'Pause batch' }).click();
    await expect.poll(() => card().getAttribute('data-held')).toBe('true');
    await card().getByRole('button', { name: 'Cancel batch…' }).click();
    await page.getByRole('dialog', { name: 'Cancel this batch?' }).getByRole('button', { name: 'Cancel the batch' }).click();
    await expect.poll(() => card().getAttribute('data-done'), { timeout: 60_000 }).toBe('true');
    const p = await station.handlers['staging.batch']({ batchId: await batchId() });
    expect(p.cancelled).toBeGreaterThan(0);
    expect(p.cancelled + p.succeeded).toBe(8);
    await shot('cancelled');
  });

  it('prepareFromCart (the journey step) prepares the whole cart from any screen', async () => {
    await page.getByRole('tab', { name: 'Staging' }).click();
    await prepareFromCart(page, { blueprint: 'Cart A' });
    expect(await card().getAttribute('data-succeeded')).toBe('8');
  }, 360_000);

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
