import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupervisionIdentity, identityFromPkcs12, identityToPkcs12, summarizeIdentity } from '../../electron/profiles/index.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { ENROLL_PROFILE, StationHarness } from '../integration/staging/harness.js';
import { calibrateAuto, chooseFile, keepLocalDirectory, openSetup, setupStep, uploadEnrollmentProfile } from './journey/first-run.js';
import { openStationPage, screenshots, type StationPage } from './station-page.js';

// The first-run wizard on a station that starts with an EMPTY data directory and no identity:
// real station on the virtual cart, served by the real server, driven in Chromium.
const shot = screenshots('first-run');

describe('the first-run wizard on an empty station', () => {
  const h = new StationHarness({ devices: 4, seed: `first-run-${Date.now()}` });
  let station: Station;
  let ui: StationPage;
  let mdm: Server;
  let mdmBase = '';
  let page: Page;
  let errors: string[];
  let p12 = '';
  let fingerprint = '';

  beforeAll(async () => {
    await h.cart.start();
    Object.assign(process.env, h.env);
    // The identity the organization "already has", as Apple Configurator would have exported it.
    const org = await createSupervisionIdentity({ organization: 'Northwind Schools', keyType: 'p256', years: 3 });
    fingerprint = summarizeIdentity(org).fingerprintSha256;
    p12 = join(h.dir, 'northwind.p12');
    writeFileSync(p12, identityToPkcs12(org, { password: 'right-password' }));
    mdm = createServer((req, res) => {
      if (req.url !== '/enroll') return void res.writeHead(404).end('no');
      res.setHeader('Content-Type', 'application/x-apple-aspen-config');
      res.end(readFileSync(ENROLL_PROFILE));
    });
    mdm.listen(0, '127.0.0.1');
    await once(mdm, 'listening');
    mdmBase = `http://127.0.0.1:${(mdm.address() as AddressInfo).port}`;
    station = await openStation({ dataDir: join(h.dir, 'data'), trustTimeoutMs: 60_000, source: 'api' });
    await station.ready();
    ui = await openStationPage(station, { width: 1440 });
    ({ page, errors } = ui);
  }, 180_000);
  afterAll(async () => {
    await ui?.close();
    await station?.close();
    mdm?.close();
    await h.dispose();
  });

  it('opens by itself on a station without an identity; a step can be skipped and revisited', async () => {
    await page.getByRole('heading', { name: 'Set up this station' }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).hash).toBe('#/setup');
    await shot(page, 'identity');
    // Closed once, it stays closed on this station (the browser remembers), and the header reopens it.
    await page.getByRole('button', { name: 'Close setup' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/cart');
    await ui.signIn();
    await page.waitForTimeout(1500);
    expect(new URL(page.url()).hash).toBe('');
    await openSetup(page);
    await page.getByRole('button', { name: 'Skip this step' }).click();
    await page.getByRole('button', { name: 'Choose the .mobileconfig file…' }).waitFor();
    expect(await setupStep(page, 'Supervision identity').getAttribute('data-state')).toBe('skipped');
    await setupStep(page, 'Supervision identity').click();
    await page.getByText('Import a .p12 file').waitFor();
  });

  it('imports a .p12: a wrong password says so and keeps the file; the right one shows organization and fingerprint', async () => {
    await page.getByText('Import a .p12 file').click();
    await chooseFile(page, page.getByRole('button', { name: 'Choose the .p12 file…' }), p12);
    await page.getByLabel('Password of the .p12 file').fill('wrong-password');
    await page.getByRole('button', { name: 'Import identity' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The identity was not imported' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/password/i);
    expect(await page.getByTestId('p12-file-name').innerText()).toBe('northwind.p12');
    expect((await station.handlers['identity.check']({})).identity).toBeNull();
    await shot(page, 'identity-wrong-password');

    await page.getByLabel('Password of the .p12 file').fill('right-password');
    await page.getByRole('button', { name: 'Import identity' }).click();
    await page.getByTestId('setup-identity-organization').waitFor();
    expect(await page.getByTestId('setup-identity-organization').innerText()).toBe('Northwind Schools');
    expect((await page.getByTestId('setup-identity-fingerprint').innerText()).replace(/\s/g, '')).toBe(fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase());
    expect(await setupStep(page, 'Supervision identity').getAttribute('data-state')).toBe('done');
    await shot(page, 'identity-imported');
  });

  it('exports the identity as a .p12 that opens with the new password', async () => {
    await page.getByLabel('Password for the exported file').fill('backup-password');
    await page.getByLabel('Repeat the export password').fill('backup-password');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export .p12' }).click()]);
    expect(download.suggestedFilename()).toBe('northwind-schools-supervision.p12');
    const exported = identityFromPkcs12(readFileSync((await download.path())!), 'backup-password');
    expect(summarizeIdentity(exported).fingerprintSha256).toBe(fingerprint);
    await page.getByRole('status').filter({ hasText: 'Exported' }).waitFor();
  });

  it('stores the enrollment profile from a file, then replaces it from the enrollment URL; a wrong URL changes nothing', async () => {
    await page.getByRole('button', { name: 'Next' }).click();
    await uploadEnrollmentProfile(page, ENROLL_PROFILE);
    expect(await page.getByTestId('enrollment-server-url').innerText()).toBe('https://mdm.example.com/mdm/connect');
    expect(await page.getByLabel('Enrollment profile').innerText()).toMatch(/not signed/i);
    await shot(page, 'enrollment-file');

    await page.getByRole('button', { name: 'Replace the enrollment profile…' }).click();
    await page.getByText('Fetch from the enrollment URL').click();
    await page.getByRole('textbox', { name: 'Enrollment URL' }).fill(`${mdmBase}/nothing-here`);
    await page.getByRole('button', { name: 'Fetch profile' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The profile was not stored' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/HTTP 404/);
    expect((await station.handlers['enrollmentProfile.show']({})).metadata.source).toEqual({ kind: 'file', path: 'mdm-enrollment.mobileconfig' });
    await shot(page, 'enrollment-url-404');

    await page.getByRole('textbox', { name: 'Enrollment URL' }).fill(`${mdmBase}/enroll`);
    await page.getByRole('button', { name: 'Fetch profile' }).click();
    await page.getByText(`${mdmBase}/enroll`, { exact: true }).waitFor();
    expect((await station.handlers['enrollmentProfile.show']({})).metadata.source).toEqual({ kind: 'url', url: `${mdmBase}/enroll` });
    await shot(page, 'enrollment-url');
  });

  it('numbers the plugged-in devices in hub order and shows the grid', async () => {
    await page.getByRole('button', { name: 'Next' }).click();
    await calibrateAuto(page);
    // Four devices and no sides given: the station picks 2 × 2.
    expect(await page.getByTestId('layout-summary').innerText()).toMatch(/2 × 2 slots, 4 calibrated/);
    const cart = await station.handlers['cart.get']({});
    expect(cart.slots.filter((s) => s.udid).length).toBe(4);
    await shot(page, 'calibration');
  });

  it('keeps the local directory and ends on a summary with links to Admin', async () => {
    await page.getByRole('button', { name: 'Next' }).click();
    await keepLocalDirectory(page);
    const summary = page.getByTestId('setup-summary');
    await summary.waitFor();
    for (const step of ['identity', 'enrollment', 'calibration', 'mdm']) expect(await summary.locator(`[data-step="${step}"]`).getAttribute('data-state'), step).toBe('done');
    expect(await summary.innerText()).toMatch(/Supervised by Northwind Schools/);
    expect(await page.getByRole('link', { name: 'Admin › Enrollment profile' }).getAttribute('href')).toBe('#/admin/enrollment');
    await shot(page, 'ready');
    await page.getByRole('button', { name: 'Go to the cart' }).click();
    await page.getByRole('grid', { name: 'Cart slots' }).or(page.locator('.cw-grid')).first().waitFor();
  });

  it('shows the same facts in Admin, and the header reopens the wizard', async () => {
    await page.goto(ui.server.signInUrl('#/admin/enrollment'));
    await page.getByTestId('enrollment-display-name').waitFor();
    expect(await page.getByTestId('enrollment-display-name').innerText()).toBe('Example MDM Enrollment');
    await shot(page, 'admin-enrollment');
    await page.getByRole('tab', { name: 'Supervision identity' }).click();
    await page.getByTestId('identity-organization').waitFor();
    await page.getByRole('button', { name: 'Export .p12' }).waitFor();
    await shot(page, 'admin-identity');
    await page.getByRole('button', { name: 'Replace the identity…' }).click();
    const replace = page.getByLabel('Replace the supervision identity');
    await replace.getByRole('form', { name: 'Create a supervision identity' }).waitFor();
    await replace.getByRole('button', { name: 'Keep the current identity' }).click();
    await replace.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Set up this station' }).click();
    await page.getByRole('heading', { name: 'Set up this station' }).waitFor();
    expect(errors).toEqual([]);
  });
});
