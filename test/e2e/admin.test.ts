import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Station } from '../../electron/station/station.js';
import { stationInternals } from '../../electron/station/station-internals.js';
import { FakeWs1 } from '../helpers/fake-ws1.js';
import { StationHarness } from '../integration/staging/harness.js';
import { shownScheme } from './browser.js';
import { openStationPage, screenshots, type StationPage } from './station-page.js';

// The Admin screens on the real station (virtual cart, stored identity) with a fake Workspace ONE
// configured from the screen itself: Test, a dead letter retried, a sync run, the identity, users.
const shot = screenshots('admin');

describe('the Admin screens on the real station', () => {
  const h = new StationHarness({ devices: 2, seed: `admin-${Date.now()}` });
  const ws1 = new FakeWs1();
  let station: Station;
  let ui: StationPage;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await h.start(1, 2);
    Object.assign(process.env, h.env);
    const imported = await h.cli(['identity', 'import', h.p12, '--password', 'pw', '--json']);
    if (imported.code !== 0) throw new Error(`identity import failed: ${imported.stdout}${imported.stderr}`);
    ws1.addUser({ id: 5, username: 'staging', stagingType: 'MultipleUserStaging' });
    ws1.addUser({ id: 1001, username: 'ana' });
    ws1.addGroup('ACME', 7);
    await ws1.up();
    station = await Station.open({
      dataDir: join(h.dir, 'data'),
      trustTimeoutMs: 60_000,
      source: 'api',
      storeOptions: { outboxBackoff: { baseDelayMs: 50, maxDelayMs: 500, maxAttempts: null, jitterRatio: 0.2, random: Math.random } },
      outbox: { idleMs: 100, outagePauseMinMs: 50, outagePauseMaxMs: 500 },
    });
    await station.ready();
    // As `cartwright serve` does: staging, the flows, the outbox and the periodic MDM sync.
    station.activateStaging({ resumeAttached: true, periodicSync: true });
    ui = await openStationPage(station, { hash: '#/admin/mdm', width: 1440 });
    ({ page, errors } = ui);
  }, 180_000);
  afterAll(async () => {
    await ui?.close();
    await station?.close();
    await ws1.down();
    await h.dispose();
  });

  it('configures Workspace ONE from the screen and tests the connection', async () => {
    await page.getByTestId('mdm-kind').waitFor();
    expect(await page.getByTestId('mdm-kind').getAttribute('data-kind')).toBe('local');
    await page.getByRole('button', { name: 'Configure…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('API server').fill(ws1.url);
    await dialog.getByLabel('Organization group (Group ID)').fill('ACME');
    await dialog.getByLabel('Staging user').fill('staging');
    await dialog.getByLabel('API username').fill('api');
    await dialog.getByLabel(/^Password/).fill('pw');
    await dialog.getByLabel('Tenant code (REST API key)').fill('TENANT');
    await shot(page, 'mdm-configure', false);
    await dialog.getByTestId('mdm-save').click();
    await expect.poll(() => page.getByTestId('mdm-kind').getAttribute('data-kind')).toBe('workspace-one');
    expect(await page.getByText('Stored, sealed').count()).toBe(1);
    // The password and the tenant code never come back to the page.
    await dialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toMatch(/TENANT|"pw"/);

    await page.getByTestId('mdm-test').click();
    const result = page.getByTestId('mdm-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.innerText()).toContain('organization group ACME');
  });

  it('shows a message the MDM refused as a dead letter with its answer, and retries it', async () => {
    const [device] = await h.cart.devices();
    const udid = device!.udid;
    const paired = await station.handlers['devices.pair']({ udids: [udid] });
    expect(paired.results[0]?.ok).toBe(true);
    ws1.failNext = { count: 1, status: 400, errorCode: 6002, message: 'User ana cannot register devices in organization group ACME' };
    await station.handlers['flows.assign']({ udid, user: 'ana' });
    const row = page.getByTestId('dead-letter').first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toMatch(/Register device to user[\s\S]*6002/);
    expect(await page.getByTestId('outbox-dead').innerText()).toBe('1');
    await shot(page, 'mdm-dead-letter');

    const id = await row.getAttribute('data-id');
    await page.getByTestId(`retry-${id}`).click();
    await page.getByTestId('dead-letters-empty').waitFor();
    await expect.poll(() => ws1.calls.filter((c) => c.op === 'register').length, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await station.handlers['mdm.status']({})).counts.sent, { timeout: 30_000 }).toBe(1);
  });

  it('syncs now and lists the run beside the start-up one', async () => {
    await station.handlers['mdm.setExpiry']({ apnsCertificate: new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10), adeServerToken: '2027-03-01' });
    await page.reload();
    await page.getByTestId('sync-now').click();
    const manual = page.locator('[data-testid="sync-run"][data-trigger="manual"]');
    await manual.first().waitFor({ timeout: 30_000 });
    expect(await manual.first().getAttribute('data-state')).toBe('succeeded');
    // One at start-up, and one more when the MDM was configured (the sync restarts with the new connector).
    expect(await page.locator('[data-testid="sync-run"][data-trigger="startup"]').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('expiry-warning').waitFor();
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByLabel('Sync every (minutes)').fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Synced automatically every 30 minutes while the station runs.').waitFor();
    expect((await station.handlers['mdm.status']({})).periodicSync).toEqual({ running: true, intervalMinutes: 30 });
    await page.getByTestId('mdm-test').click();
    await page.getByTestId('mdm-test-result').waitFor();
    await page.locator('[data-testid="mdm-test"]:not([data-loading])').waitFor();
    await page.getByTestId('outbox-sent').getByText('1').waitFor();
    await shot(page, 'mdm');
  });

  it('shows the supervision identity: organization, fingerprint, validity, key type', async () => {
    await page.getByRole('tab', { name: 'Supervision identity' }).click();
    await page.getByTestId('identity-organization').waitFor();
    expect(await page.getByTestId('identity-organization').innerText()).toBe('Acme Schools');
    const fingerprint = (await station.handlers['station.info']({})).identity!.fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
    expect((await page.getByTestId('identity-fingerprint').innerText()).replace(/\s/g, '')).toBe(fingerprint);
    expect(await page.getByText('RSA 2048-bit').count()).toBe(1);
    await shot(page, 'identity');
  });

  it('adds a user with a badge and PIN, finds them, and refuses a bad CSV line by line', async () => {
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByLabel(/^ID/).fill('e1042');
    await page.getByLabel(/^Name/).fill('Bea Okafor');
    await page.getByLabel(/^Username/).fill('bea');
    await page.getByLabel(/^Email/).fill('bea@lakeside.example');
    await page.getByLabel(/^Badge/).fill('7001');
    await page.getByLabel(/^Kiosk PIN/).fill('2468');
    await page.getByLabel(/^Groups/).fill('staff; library');
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-added').waitFor();
    expect(stationInternals(station).store.users.get('e1042')?.pinHash).toMatch(/^scrypt\$/);

    await page.getByTestId('users-search').fill('okafor');
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    expect(await page.getByTestId('user-row').getAttribute('data-id')).toBe('e1042');

    await page.getByTestId('users-search').fill('');
    await page.getByTestId('users-csv').fill('id,name,email,badge,pin,groups\ne2001,Cai Lindqvist,cai@lakeside.example,7002,1357,staff\n,,,7003,\ne2003,Dev Patel,dev-at-lakeside,7004,12,lab\n');
    await page.getByTestId('users-import').click();
    const problems = page.getByTestId('import-errors');
    await problems.waitFor();
    expect(await problems.innerText()).toMatch(/line 3: no id[\s\S]*line 4: "dev-at-lakeside" is not an email address/);
    expect(stationInternals(station).store.users.get('e2001')).toBeUndefined();
    await shot(page, 'users-import-errors');

    await page.getByTestId('users-csv').fill('id,name,email,badge,pin,groups\ne2001,Cai Lindqvist,cai@lakeside.example,7002,1357,staff\ne2003,Dev Patel,dev@lakeside.example,7004,8642,lab\n');
    await page.getByTestId('users-import').click();
    await page.getByTestId('import-done').waitFor();
    await expect.poll(() => page.getByTestId('user-row').count()).toBeGreaterThanOrEqual(3);
    await shot(page, 'users');
  });

  it('looks right in dark mode', async () => {
    const dark = await ui.browser.newPage({ colorScheme: 'dark', width: 1440, height: 1000 });
    await dark.goto(ui.server.signInUrl('#/admin/mdm'));
    await dark.locator('[data-testid="sync-run"]').first().waitFor();
    // Light text on a dark page, and the same sync runs the light screen listed.
    const shown = await shownScheme(dark);
    expect(shown.scheme).toBe('dark');
    expect(shown.background).toBeLessThan(0.1);
    expect(shown.text).toBeGreaterThan(0.5);
    await page.goto(ui.server.signInUrl('#/admin/mdm'));
    await page.locator('[data-testid="sync-run"]').first().waitFor();
    const light = await shownScheme(page);
    expect(light.scheme).toBe('light');
    expect(light.background).toBeGreaterThan(0.8);
    expect(await dark.getByTestId('sync-run').count()).toBe(await page.getByTestId('sync-run').count());
    await shot(dark, 'mdm-dark');
    await dark.close();
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
