import type { Locator, Page } from 'playwright-core';

/** Ticks or clears a checkbox or radio by its label, whichever state it is in now. */
async function setTicked(box: Locator, ticked: boolean): Promise<void> {
  if ((await box.isChecked()) !== ticked) await box.setChecked(ticked);
}

/**
 * From any screen: Admin ▸ Blueprints ▸ New blueprint, filled in with the form only (no JSON) —
 * supervised, enrolled now with the station's stored MDM enrollment profile, Setup Assistant panes
 * skipped when asked, devices renamed by the template — then saved, waiting for the station's
 * confirmation of the new version.
 */
export async function buildBlueprintFromForm(page: Page, o: { name: string; nameTemplate: string; skipAllPanes: boolean }): Promise<void> {
  await page.getByRole('tab', { name: 'Admin', exact: true }).click();
  await page.getByRole('tab', { name: 'Blueprints', exact: true }).click();
  await page.getByRole('button', { name: 'New blueprint' }).click();
  const form = page.getByRole('form', { name: 'Blueprint' });
  await form.getByRole('textbox', { name: 'Blueprint name' }).fill(o.name);
  await setTicked(form.getByRole('checkbox', { name: 'Supervise the devices' }), true);
  await form.getByRole('radio', { name: 'Enroll in MDM' }).check();
  await form.getByRole('radio', { name: 'The station’s enrollment profile' }).check();
  await form.getByRole('radio', { name: 'Install it now' }).check();
  await setTicked(form.getByRole('checkbox', { name: 'Skip all Setup Assistant panes' }), o.skipAllPanes);
  await setTicked(form.getByRole('checkbox', { name: 'Rename the devices' }), true);
  await form.getByRole('textbox', { name: 'Name template' }).fill(o.nameTemplate);
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await page.getByRole('status').filter({ hasText: `Saved ${o.name} as version` }).waitFor();
}
