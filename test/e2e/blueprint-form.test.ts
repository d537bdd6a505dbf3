import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Blueprint } from '../../electron/api/blueprint.js';
import { dispatchToResult } from '../../electron/api/index.js';
import { prepareBlueprint } from '../../electron/staging/prepare.js';
import { Station } from '../../electron/station/station.js';
import { ENROLL_PROFILE, StationHarness } from '../integration/staging/harness.js';
import { buildBlueprintFromForm } from './journey/blueprint-form.js';
import { openStationPage, screenshots, type StationPage } from './station-page.js';

// Admin ▸ Blueprints on the real station and server over a virtual cart with calibrated slots,
// an identity and a stored enrollment profile: a blueprint built with the form alone, its names
// previewed on the cart's devices, checked before anything runs, saved, versioned, exported and
// imported again.
const NAME = 'Cart A staging';

const shot = screenshots('blueprint');

describe('the blueprint form on the real station', () => {
  const h = new StationHarness({ devices: 4, seed: `blueprint-form-${Date.now()}` });
  const files = mkdtempSync(join(tmpdir(), 'cw-bp-files-'));
  let station: Station;
  let ui: StationPage;
  let page: Page;
  let errors: string[];
  let exported = '';

  beforeAll(async () => {
    await h.start(2, 2);
    Object.assign(process.env, h.env);
    for (const args of [['identity', 'import', h.p12, '--password', 'pw', '--json'], ['enroll-profile', 'import', ENROLL_PROFILE, '--json']]) {
      const r = await h.cli(args);
      if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
    }
    station = await Station.open({ dataDir: join(h.dir, 'data'), trustTimeoutMs: 60_000, source: 'api' });
    await station.ready();
    ui = await openStationPage(station, { hash: '#/cart', width: 1440 });
    ({ page, errors } = ui);
  }, 240_000);
  afterAll(async () => {
    await ui?.close();
    await station?.close();
    await h.dispose();
    rmSync(files, { recursive: true, force: true });
  });

  it('lists the built-in Prepare blueprint and opens it in the form', async () => {
    await page.getByRole('tab', { name: 'Admin', exact: true }).click();
    await page.getByRole('tab', { name: 'Blueprints', exact: true }).click();
    await page.getByRole('navigation', { name: 'Blueprints' }).getByText('Prepare', { exact: true }).click();
    const form = page.getByRole('form', { name: 'Blueprint' });
    await expect.poll(() => form.getByRole('textbox', { name: 'Blueprint name' }).inputValue()).toBe('Prepare');
    expect(await form.getByRole('checkbox', { name: 'Skip all Setup Assistant panes' }).isChecked()).toBe(true);
    expect(await form.getByRole('radio', { name: 'Manual enrollment (no MDM)' }).isChecked()).toBe(true);
    await page.getByTestId('blueprint-history').getByText('Version 1').waitFor();
    await shot(page, 'prepare');

    // The checklist behind "skip all", grouped as Configurator shows it; the step list follows the ticks.
    await form.getByRole('checkbox', { name: 'Skip all Setup Assistant panes' }).uncheck();
    await form.getByRole('checkbox', { name: 'Siri', exact: true }).check();
    await form.getByRole('checkbox', { name: 'Location Services' }).check();
    await form.getByRole('list', { name: 'Blueprint steps' }).getByText(/2 pane\(s\) skipped/).waitFor();
    await form.getByText('Security and privacy').scrollIntoViewIfNeeded();
    await shot(page, 'setup-panes');
  });

  it('builds a blueprint with the form: supervised, stored profile installed now, all panes skipped, renamed', async () => {
    await buildBlueprintFromForm(page, { name: NAME, nameTemplate: 'Cart A-{slot:2}', skipAllPanes: true });
    expect(await page.getByRole('status').innerText()).toBe(`Saved ${NAME} as version 1.`);
    const stored = await dispatchToResult(station.handlers, 'blueprints.get', { name: NAME });
    if (!stored.ok) throw new Error(stored.error.message);
    expect((stored.value as { body: unknown }).body).toEqual({
      ...prepareBlueprint({ name: NAME, enrollProfile: { stored: 'enrollment' }, enrollMode: 'install', nameTemplate: 'Cart A-{slot:2}' }),
      description: '',
    });
    await page.getByTestId('cart-check-ok').waitFor();
    await page.getByTestId('stored-enrollment-profile').waitFor();
    await shot(page, 'form');
  });

  it('previews the names on the devices plugged in to the cart', async () => {
    const devices = await dispatchToResult(station.handlers, 'devices.list', {});
    if (!devices.ok) throw new Error(devices.error.message);
    const inSlot2 = (devices.value as { udid: string; slot: number | null }[]).find((d) => d.slot === 2);
    expect(inSlot2).toBeDefined();
    const row = page.getByTestId('name-preview').locator(`tr[data-udid="${inSlot2!.udid}"]`);
    await expect.poll(() => row.innerText()).toContain('Cart A-02');
    expect(await page.getByTestId('name-preview').locator('tbody tr').count()).toBe(4);
    await page.getByTestId('name-preview').scrollIntoViewIfNeeded();
    await shot(page, 'preview');
  });

  it('refuses a bad template before anything runs, and shows the station’s own check', async () => {
    const template = page.getByRole('form', { name: 'Blueprint' }).getByRole('textbox', { name: 'Name template' });
    await template.fill('Cart A-{nope}');
    await page.getByTestId('form-problems').getByText(/\{nope\} is not a name template token/).waitFor();
    await page.getByTestId('name-preview').getByText(/unknown name template token \{nope\}/).first().waitFor();
    expect(await page.getByRole('button', { name: 'Save as new version' }).isDisabled()).toBe(true);
    await shot(page, 'bad-template');

    // A token the form knows but the cart cannot fill: staging.validate on the unsaved body says so.
    await template.fill('Cart A-{user}');
    await page.getByTestId('cart-check-problems').getByText(/uses \{user\}, but 4 device\(s\) are staged for no user/).waitFor();
    await shot(page, 'cart-check');
    await template.fill('Cart A-{slot:2}');
    await page.getByTestId('cart-check-ok').waitFor();
  });

  it('saves a change as a new version, lists the history and saves an older version again as the newest', async () => {
    const form = page.getByRole('form', { name: 'Blueprint' });
    await form.getByRole('checkbox', { name: 'Allow the devices to pair with other computers' }).uncheck();
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('status').filter({ hasText: `Saved ${NAME} as version 2.` }).waitFor();
    const history = page.getByTestId('blueprint-history');
    await expect.poll(() => history.locator('[data-version]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(['2', '1']);

    await page.getByRole('button', { name: 'Open version 1' }).click();
    await page.getByText('This is version 1; saving it makes it the newest version (3).').waitFor();
    expect(await form.getByRole('checkbox', { name: 'Allow the devices to pair with other computers' }).isChecked()).toBe(true);
    await shot(page, 'history');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('status').filter({ hasText: `Saved ${NAME} as version 3.` }).waitFor();
    await expect.poll(() => history.locator('[data-version]').count()).toBe(3);
  });

  it('exports the blueprint as a file and imports it again unchanged', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export file' }).click()]);
    expect(download.suggestedFilename()).toBe(`${NAME}.json`);
    const path = join(files, download.suggestedFilename());
    await download.saveAs(path);
    exported = readFileSync(path, 'utf8');
    const file = Blueprint.parse(JSON.parse(exported));
    expect(file.steps.find((s) => s.type === 'rename')).toEqual({ type: 'rename', template: 'Cart A-{slot:2}' });

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import file…' }).click()]);
    await chooser.setFiles(path);
    await page.getByText(`Imported from ${NAME}.json. Save it to store it on this station.`).waitFor();
    expect(await page.getByRole('form', { name: 'Blueprint' }).getByRole('textbox', { name: 'Name template' }).inputValue()).toBe('Cart A-{slot:2}');
    // The same blueprint: the station stores no new version for it.
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('status').filter({ hasText: `${NAME} is unchanged: version 3 is the same.` }).waitFor();
  });

  it('refuses a file that is not a valid blueprint, naming where', async () => {
    const bad = join(files, 'broken.json');
    writeFileSync(bad, JSON.stringify({ name: 'Broken', steps: [{ type: 'inspect' }, { type: 'rename', template: '' }] }));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import file…' }).click()]);
    await chooser.setFiles(bad);
    const problems = page.getByTestId('import-problems');
    await problems.getByText('broken.json is not a blueprint this station can use').waitFor();
    expect(await problems.innerText()).toContain('steps.0: the first step must be "pair"');
    expect(await problems.innerText()).toContain('steps.1.template');
    await shot(page, 'import-error');
  });

  it('shows the same blueprint as JSON, checked with the same schema', async () => {
    await page.getByRole('navigation', { name: 'Blueprints' }).getByText(NAME, { exact: true }).click();
    await page.getByRole('tab', { name: 'Advanced (JSON)' }).click();
    const json = page.getByRole('textbox', { name: 'Blueprint JSON' });
    await page.getByText('valid JSON').waitFor();
    expect(Blueprint.parse(JSON.parse(await json.inputValue()))).toEqual(Blueprint.parse(JSON.parse(exported)));
    await json.fill(JSON.stringify({ name: NAME, steps: [{ type: 'pair' }, { type: 'escalate' }] }));
    await page.getByTestId('json-problems').getByText(/needs a "supervise" step before it/).waitFor();
    expect(await page.getByRole('button', { name: 'Save as new version' }).isDisabled()).toBe(true);
    await shot(page, 'json');
  });

  it('reads uploaded profiles, previews the wallpaper and warns before erasing', async () => {
    const png = join(files, 'wallpaper.png');
    await page.screenshot({ path: png, clip: { x: 0, y: 0, width: 90, height: 160 } });
    const choose = async (button: string, path: string) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
      await chooser.setFiles(path);
    };
    await page.getByRole('button', { name: 'New blueprint' }).click();
    const form = page.getByRole('form', { name: 'Blueprint' });
    await form.getByRole('textbox', { name: 'Blueprint name' }).fill('Uploads');
    await choose('Add profiles…', ENROLL_PROFILE);
    const extra = form.getByRole('region', { name: 'Configuration profiles' }).getByTestId('profile-summary');
    await expect.poll(() => extra.innerText()).toMatch(/Example MDM Enrollment[\s\S]*not signed[\s\S]*MDM enrollment/i);
    await form.getByRole('radio', { name: 'Enroll in MDM' }).check();
    await form.getByRole('radio', { name: 'A profile file carried in this blueprint' }).check();
    await choose('Choose enrollment profile…', ENROLL_PROFILE);
    await expect.poll(() => form.getByRole('region', { name: 'Enrollment' }).getByTestId('profile-summary').innerText()).toContain('MDM server: https://');
    await choose('Choose image…', png);
    await form.getByRole('img', { name: 'Wallpaper preview' }).waitFor();
    await form.getByText('Lock Screen', { exact: true }).click();
    await form.getByRole('checkbox', { name: 'Erase devices that need it' }).check();
    await form.getByText('Erasing deletes everything on the device').waitFor();
    const steps = form.getByRole('list', { name: 'Blueprint steps' });
    expect(await steps.innerText()).toMatch(/Erase if needed[\s\S]*Wait for the restart[\s\S]*Install configuration profiles[\s\S]*Enroll in MDM — mdm-enrollment.mobileconfig, installed now[\s\S]*Set the wallpaper — Lock Screen/);
    await shot(page, 'uploads');

    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Uploads as version 1.' }).waitFor();
    const stored = await dispatchToResult(station.handlers, 'blueprints.get', { name: 'Uploads' });
    if (!stored.ok) throw new Error(stored.error.message);
    const body = Blueprint.parse((stored.value as { body: unknown }).body);
    const profile = readFileSync(ENROLL_PROFILE).toString('base64');
    expect(body.steps.find((s) => s.type === 'install-profiles')).toEqual({ type: 'install-profiles', profiles: [{ name: 'mdm-enrollment.mobileconfig', data: profile }] });
    expect(body.steps.find((s) => s.type === 'enroll')).toEqual({ type: 'enroll', profile: { name: 'mdm-enrollment.mobileconfig', data: profile }, mode: 'install' });
    expect(body.steps.find((s) => s.type === 'wallpaper')).toEqual({ type: 'wallpaper', image: readFileSync(png).toString('base64'), where: 'lock' });
    expect(body.steps.find((s) => s.type === 'erase')).toEqual({ type: 'erase', allowed: true });
  });

  it('reads well in dark mode', async () => {
    const dark = await ui.browser.newPage({ colorScheme: 'dark', width: 1440, height: 1000 });
    await dark.goto(ui.server.signInUrl('#/admin/blueprints'));
    await dark.getByRole('navigation', { name: 'Blueprints' }).getByText(NAME, { exact: true }).click();
    await dark.getByTestId('name-preview').waitFor();
    await dark.getByTestId('cart-check-ok').waitFor();
    await shot(dark, 'dark');
    await dark.close();
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
