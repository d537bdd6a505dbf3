import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowStation } from './flow-station.js';

const MDM_PROFILE_ID = 'com.example.mdm.enroll';

describe('Multi User from the Flows screen and the kiosk on the virtual cart', () => {
  const s = new FlowStation(3, 'e2e-multi');
  let udid = '';

  beforeAll(async () => {
    await s.start(1, 3);
    // Charged above the default threshold, so any device may be handed out.
    for (const d of await s.f.cart.devices()) await s.f.cart.setBattery(d.udid, { level: 90 });
  }, 180_000);
  afterAll(() => s.dispose());

  it('stages the cart for shared use from the Flows screen', async () => {
    const { page, f } = s;
    await page.getByRole('tab', { name: /Multi User/ }).click();
    await page.getByTestId('flow-guidance').waitFor();
    await page.getByRole('button', { name: 'Stage 3 devices' }).click();
    expect((await s.finishedBatch()).succeeded).toBe('3');
    await s.shot('multi-staged');
    for (const d of await f.cart.devices()) {
      const slot = f.store.devices.get(d.udid)!.slotNumber!;
      expect(d.supervised, d.udid).toBe(true);
      expect(d.profiles).toContain(MDM_PROFILE_ID);
      expect(d.name).toBe(`Cart A-${String(slot).padStart(2, '0')}`);
    }
    // The first Multi User staging names the blueprint Return to Service re-stages with.
    expect((await f.station.handlers['flows.settings']({})).multiUserBlueprint).toBe('Flows');
  }, 240_000);

  it('checks a device out at the kiosk: it leaves the cart and the Flows screen lists it', async () => {
    const { page, f } = s;
    const [kim] = s.people;
    await s.badgeInAtKiosk(kim!);
    const slot = page.getByTestId('checkout-slot');
    await slot.waitFor({ timeout: 30_000 });
    udid = (await slot.getAttribute('data-udid'))!;
    await s.shot('multi-kiosk-checkout');
    await f.cart.act(udid, 'unplug');
    await page.getByTestId('checkout-done').waitFor({ timeout: 30_000 });
    const open = await f.station.handlers['flows.checkouts']({ states: ['open'] });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ udid, userId: kim!.id, state: 'open' });
    expect((await f.cart.device(udid)).connected).toBe(false);

    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Flows' }).click();
    await page.getByRole('tab', { name: /Multi User/ }).click();
    const row = page.getByTestId('open-checkouts').getByTestId('checkout-row');
    await row.waitFor();
    expect(await row.getAttribute('data-udid')).toBe(udid);
    expect(await row.innerText()).toContain(kim!.name);
    await s.shot('multi-checked-out');
  }, 60_000);

  it('checks the device back in at the kiosk: back on the cart, the check-out closed', async () => {
    const { page, f } = s;
    const [kim] = s.people;
    await s.badgeInAtKiosk(kim!);
    await page.getByText(`Hello, ${kim!.name}`).waitFor();
    await page.keyboard.press('1');
    const back = page.getByTestId('checkin-slot');
    await back.waitFor();
    expect(await back.getAttribute('data-udid')).toBe(udid);
    await f.cart.act(udid, 'plug');
    await page.getByTestId('checkin-done').waitFor({ timeout: 30_000 });
    await s.shot('multi-kiosk-checkin');
    await expect.poll(async () => (await f.station.handlers['flows.checkouts']({ states: ['open', 'overdue'] })).length, { timeout: 30_000 }).toBe(0);
    expect((await f.cart.device(udid)).connected).toBe(true);
    const actions = f.store.audit.query({ udid, limit: 50 }).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['flow.checkout', 'flow.checkin']));
    await page.keyboard.press('Escape');
  }, 60_000);

  it('shows the return policy, and a device a technician marked lost, in Admin › Shared devices', async () => {
    const { page, f } = s;
    const [, lee] = s.people;
    await page.getByRole('tab', { name: 'Flows' }).click();
    await page.getByRole('tab', { name: /Multi User/ }).click();
    await s.pickPerson('Person taking a device', lee!);
    await page.getByRole('button', { name: 'Check out', exact: true }).click();
    const row = page.getByTestId('open-checkouts').getByTestId('checkout-row');
    await row.waitFor();
    const lost = (await row.getAttribute('data-udid'))!;
    await row.getByRole('button', { name: /^Mark .* lost$/ }).click();
    await expect.poll(() => page.getByTestId('open-checkouts').getByTestId('checkout-row').count()).toBe(0);
    expect((await f.station.handlers['flows.checkouts']({ states: ['lost'] })).map((c) => c.udid)).toEqual([lost]);

    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByRole('tab', { name: 'Shared devices' }).click();
    const lostRow = page.getByTestId('lost-checkouts').getByTestId('checkout-row');
    await lostRow.waitFor();
    expect(await lostRow.innerText()).toContain(lee!.name);
    await page.getByRole('combobox', { name: 'When a device comes back' }).click();
    await page.getByRole('option', { name: /Erase and stage it again/ }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    expect((await f.station.handlers['flows.settings']({})).returnPolicy).toBe('erase');
    await s.shot('multi-admin-shared');
  }, 60_000);

  it('logged no page errors', () => {
    expect(s.errors).toEqual([]);
  });
});
