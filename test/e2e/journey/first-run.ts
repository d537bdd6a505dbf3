import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';

/**
 * The first-run wizard (#/setup) as a technician uses it: clicks, typing and file choosers only.
 * Each function starts on the step it names and returns once the station confirmed it.
 */

/** A step of the wizard's stepper; `data-state` is done, skipped or open. */
export function setupStep(page: Page, title: string): Locator {
  return page.locator('.mantine-Stepper-step').filter({ hasText: title });
}

/** Picks a file through the browser's file chooser that `button` opens. */
export async function chooseFile(page: Page, button: Locator, path: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
  await chooser.setFiles(path);
}

/** From anywhere: the header's "Set up this station". */
export async function openSetup(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Set up this station' }).click();
  await page.getByRole('heading', { name: 'Set up this station' }).waitFor();
}

/**
 * The identity step: creates a new identity and keeps the .p12 the page downloads. Answers the
 * downloaded file's bytes and the fingerprint the wizard shows.
 */
export async function createIdentity(page: Page, o: { organization: string; password: string; keyType?: 'RSA 2048-bit' | 'ECDSA P-256' }): Promise<{ pkcs12: Buffer; fileName: string; fingerprint: string }> {
  await setupStep(page, 'Supervision identity').click();
  await page.getByText('Create a new identity').click();
  const form = page.getByRole('form', { name: 'Create a supervision identity' });
  await form.getByLabel('Organization name').fill(o.organization);
  if (o.keyType) await form.getByText(o.keyType).click();
  await form.getByLabel('Password for the .p12 file').fill(o.password);
  await form.getByLabel('Repeat the password').fill(o.password);
  const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Create identity and download .p12' }).click()]);
  const path = await download.path();
  if (!path) throw new Error(`The .p12 download failed: ${(await download.failure()) ?? 'no file'}`);
  await page.getByTestId('setup-identity-organization').filter({ hasText: o.organization }).waitFor();
  const fingerprint = (await page.getByTestId('setup-identity-fingerprint').innerText()).replace(/\s/g, '');
  return { pkcs12: readFileSync(path), fileName: download.suggestedFilename(), fingerprint };
}

/** The enrollment step: uploads a .mobileconfig and waits for the station's summary of it. */
export async function uploadEnrollmentProfile(page: Page, file: string): Promise<void> {
  await setupStep(page, 'Enrollment profile').click();
  const replace = page.getByRole('button', { name: 'Replace the enrollment profile…' });
  if (await replace.isVisible()) await replace.click();
  await page.getByText('Upload a .mobileconfig').click();
  await chooseFile(page, page.getByRole('button', { name: 'Choose the .mobileconfig file…' }), file);
  await page.getByTestId('enrollment-display-name').waitFor();
}

/** The slot step: numbers the plugged-in devices in hub order (sides left to the station) and answers the grid it shows. */
export async function calibrateAuto(page: Page, o: { rows?: number; columns?: number } = {}): Promise<string> {
  await setupStep(page, 'Slot numbers').click();
  const auto = page.getByRole('region', { name: 'Number the plugged-in devices in hub order' });
  if (o.rows) await auto.getByLabel('Rows').fill(String(o.rows));
  if (o.columns) await auto.getByLabel('Columns').fill(String(o.columns));
  await auto.getByRole('button', { name: 'Number the plugged-in devices' }).click();
  const summary = page.getByTestId('layout-summary');
  await summary.filter({ hasText: /\d+ calibrated/ }).waitFor();
  await page.waitForFunction(() => !/ 0 calibrated/.test(document.querySelector('[data-testid="layout-summary"]')?.textContent ?? ''));
  return summary.innerText();
}

/** The MDM step: keeps the local directory (the default), which leads to the Ready summary. */
export async function keepLocalDirectory(page: Page): Promise<void> {
  await setupStep(page, 'MDM connection').click();
  await page.getByRole('button', { name: 'Keep the local directory' }).click();
  await page.getByRole('region', { name: 'Ready' }).or(page.getByTestId('setup-summary')).first().waitFor();
}
