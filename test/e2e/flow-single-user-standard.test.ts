import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowStation } from './flow-station.js';

describe('Single User Standard from the Flows screen (fake Workspace ONE behind the station)', () => {
  const s = new FlowStation(2, 'e2e-standard');

  beforeAll(() => s.start(1, 2, 'ws1'), 180_000);
  afterAll(() => s.dispose());

  it('stages the cart under the staging user: both devices wait for their first user', async () => {
    const { page, f } = s;
    await page.getByTestId('flow-guidance').waitFor();
    await page.getByRole('button', { name: 'Stage 2 devices' }).click();
    expect((await s.finishedBatch()).succeeded).toBe('2');
    const awaiting = page.getByTestId('awaiting-first-user');
    await expect.poll(() => awaiting.locator('tbody tr').count(), { timeout: 30_000 }).toBe(2);
    await s.shot('standard-staged');
    for (const d of await f.cart.devices()) {
      expect(d.supervised, d.udid).toBe(true);
      const serial = f.store.devices.get(d.udid)!.serial!;
      expect(f.store.assignments.current({ udid: d.udid, serial })?.kind).toBe('staging');
    }
  }, 240_000);

  it('shows the MDM\'s reassignment to the first user who signed in, after "Check with the MDM now"', async () => {
    const { page, f } = s;
    const devices = await f.cart.devices();
    const serials = devices.map((d) => f.store.devices.get(d.udid)!.serial!);
    f.enrollInWs1(serials);
    // Person 1 signs in on the first device: Workspace ONE reassigns it to them.
    f.ws1!.devices.get(serials[0]!)!.userId = 1000;
    await page.getByRole('button', { name: 'Check with the MDM now' }).click();
    await page.getByText('1 device newly assigned to their first user', { exact: false }).waitFor({ timeout: 30_000 });
    const reassigned = page.getByTestId('first-user-reassignments');
    await expect.poll(() => reassigned.locator('tbody tr').count(), { timeout: 30_000 }).toBe(1);
    expect(await reassigned.locator('tbody tr').first().getAttribute('data-udid')).toBe(devices[0]!.udid);
    expect(await reassigned.innerText()).toContain(`Assigned to its first user, ${s.people[0]!.name}`);
    expect(await page.getByTestId('awaiting-first-user').locator('tbody tr').count()).toBe(1);
    await s.shot('standard-first-user');
    expect(f.store.assignments.history({ udid: devices[0]!.udid }).filter((a) => a.kind === 'first-user')).toHaveLength(1);
  }, 60_000);

  it('logged no page errors', () => {
    expect(s.errors).toEqual([]);
  });
});
