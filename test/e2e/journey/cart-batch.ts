import type { Locator, Page } from 'playwright-core';

/** How long a whole cart may take to prepare: 16 virtual devices finish well within it. */
const BATCH_TIMEOUT_MS = 5 * 60_000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The batch card the Cart screen shows for the batch started there (null before the first). */
async function watchedBatchId(page: Page): Promise<string | null> {
  const card = page.getByTestId('cart-batch').getByTestId('batch');
  return (await card.count()) ? card.getAttribute('data-batch') : null;
}

/** The new batch's card once it shows, or the drawer's refusal (problems, an error) as a thrown Error. */
async function waitForNewBatch(page: Page, dialog: Locator, previous: string | null): Promise<Locator> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const id = await watchedBatchId(page);
    if (id && id !== previous) return page.locator(`[data-testid="cart-batch"] [data-testid="batch"][data-batch="${id}"]`);
    if ((await dialog.isVisible()) && (await dialog.getByRole('alert').count()) > 0) throw new Error(`Prepare refused to start: ${await dialog.innerText()}`);
    if (Date.now() > deadline) throw new Error('Prepare did not start a batch: no new batch appeared on the Cart screen within 60 s.');
    await page.waitForTimeout(200);
  }
}

/**
 * From any screen: the Cart screen, every device selected, Prepare with `o.blueprint`, started,
 * and waited on until the batch is done. Throws with the batch's summary text unless every
 * device succeeded.
 */
export async function prepareFromCart(page: Page, o: { blueprint: string }): Promise<void> {
  await page.getByRole('tab', { name: 'Cart' }).click();
  await page.getByRole('grid', { name: 'Cart slots' }).waitFor();
  await page.getByRole('button', { name: 'Select all' }).click();
  const previous = await watchedBatchId(page);
  await page.getByRole('button', { name: 'Prepare…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Prepare devices' });
  await dialog.waitFor();
  await dialog.getByLabel('Blueprint', { exact: true }).click();
  await page.getByRole('option', { name: new RegExp(`^${escapeRegExp(o.blueprint)} \\(v\\d+\\)$`) }).click();
  await dialog.getByRole('button', { name: 'Start staging' }).click();
  const started = await waitForNewBatch(page, dialog, previous);
  const deadline = Date.now() + BATCH_TIMEOUT_MS;
  while ((await started.getAttribute('data-done')) !== 'true') {
    if (Date.now() > deadline) throw new Error(`The batch did not finish within ${BATCH_TIMEOUT_MS / 60_000} min: ${await started.innerText()}`);
    await page.waitForTimeout(500);
  }
  const total = await started.getAttribute('data-total');
  const succeeded = await started.getAttribute('data-succeeded');
  if (!total || total !== succeeded) throw new Error(`Not every device succeeded (${succeeded ?? '?'} of ${total ?? '?'}): ${await started.innerText()}`);
}
