import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityFromPkcs12, summarizeIdentity } from '../../electron/profiles/index.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { ENROLL_PROFILE, StationHarness } from '../integration/staging/harness.js';
import { buildBlueprintFromForm } from './journey/blueprint-form.js';
import { prepareFromCart } from './journey/cart-batch.js';
import { calibrateAuto, createIdentity, keepLocalDirectory, uploadEnrollmentProfile } from './journey/first-run.js';
import { openStationPage, screenshots, type StationPage } from './station-page.js';

// The whole first day at a new station, from the screens alone: an EMPTY data directory, no
// identity, a 16-device virtual cart. The test never calls the station to set anything up; it
// clicks, types and uploads in Chromium, then checks what the devices themselves report.
const ORGANIZATION = 'Acme Schools';
const P12_PASSWORD = 'keep-this-safe-42';
const TEMPLATE = 'Cart A-{slot:2}';

// Numbered, so the files sort in the order of the day.
const journeyShot = screenshots('journey');
let step = 0;
const shot = (page: Page, name: string) => journeyShot(page, `${++step}-${name}`);

describe('first run to a prepared cart, from the screens alone', () => {
  const h = new StationHarness({ devices: 16, seed: `journey-${Date.now()}` });
  let station: Station;
  let ui: StationPage;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    // Only the cart: no identity, no calibration, no blueprint (StationHarness.start would make them).
    await h.cart.start();
    Object.assign(process.env, h.env);
    station = await openStation({ dataDir: join(h.dir, 'data'), trustTimeoutMs: 60_000, source: 'api' });
    await station.ready();
    // As `cartwright serve` runs it.
    station.activateStaging({ resumeAttached: true, periodicSync: true });
    ui = await openStationPage(station, { connectTimeoutMs: 60_000 });
    ({ page, errors } = ui);
  }, 180_000);
  afterAll(async () => {
    await ui?.close();
    await station?.close();
    await h.dispose();
  });

  it('sets the station up in the wizard: identity, enrollment profile, slots, local directory', async () => {
    await page.getByRole('heading', { name: 'Set up this station' }).waitFor({ timeout: 30_000 });
    await shot(page, 'wizard');

    const created = await createIdentity(page, { organization: ORGANIZATION, password: P12_PASSWORD });
    // The downloaded .p12 is the organization's copy: it opens with the password and is the station's identity.
    expect(created.fileName).toBe('acme-schools-supervision.p12');
    const kept = summarizeIdentity(identityFromPkcs12(created.pkcs12, P12_PASSWORD));
    expect(kept.organization).toBe(ORGANIZATION);
    expect(created.fingerprint).toBe(kept.fingerprintSha256.replace(/[^0-9a-f]/gi, '').toUpperCase());
    await shot(page, 'identity');

    await page.getByRole('button', { name: 'Next' }).click();
    await uploadEnrollmentProfile(page, ENROLL_PROFILE);
    expect(await page.getByTestId('enrollment-server-url').innerText()).toBe('https://mdm.example.com/mdm/connect');
    await shot(page, 'enrollment-profile');

    await page.getByRole('button', { name: 'Next' }).click();
    expect(await calibrateAuto(page)).toMatch(/4 × 4 slots, 16 calibrated/);
    await shot(page, 'slots');

    await page.getByRole('button', { name: 'Next' }).click();
    await keepLocalDirectory(page);
    const summary = page.getByTestId('setup-summary');
    for (const id of ['identity', 'enrollment', 'calibration', 'mdm']) expect(await summary.locator(`[data-step="${id}"]`).getAttribute('data-state'), id).toBe('done');
    await shot(page, 'ready');
  });

  it('builds a blueprint with the form: supervise, enroll with the stored profile, skip every pane, rename by slot', async () => {
    await page.getByRole('button', { name: 'Build a blueprint' }).click();
    await buildBlueprintFromForm(page, { name: 'Cart A', nameTemplate: TEMPLATE, skipAllPanes: true });
    await shot(page, 'blueprint');
  });

  it('prepares the whole cart from the Cart screen', async () => {
    await prepareFromCart(page, { blueprint: 'Cart A' });
    await shot(page, 'prepared');
  }, 420_000);

  it('leaves every device supervised by the organization, enrolled, and named as the template says', async () => {
    const layout = await station.handlers['cart.get']({});
    const slotOf = new Map(layout.slots.filter((s) => s.udid).map((s) => [s.udid!, s.slot]));
    const devices = await h.cart.devices();
    expect(devices).toHaveLength(16);
    for (const d of devices) {
      const slot = slotOf.get(d.udid);
      expect(slot, d.udid).toBeDefined();
      expect(d.supervised, d.udid).toBe(true);
      expect(d.organizationName, d.udid).toBe(ORGANIZATION);
      expect(d.profileDetails.some((p) => p.isMdm && p.identifier === 'com.example.mdm.enroll'), `${d.udid} enrolled`).toBe(true);
      expect(d.name, d.udid).toBe(`Cart A-${String(slot).padStart(2, '0')}`);
    }
    expect(new Set(devices.map((d) => d.name)).size).toBe(16);
    expect(errors).toEqual([]);
  });
});
