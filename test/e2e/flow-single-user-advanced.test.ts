import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowStation } from './flow-station.js';

const MDM_PROFILE_ID = 'com.example.mdm.enroll';

describe('Single User Advanced from the Flows screen on the virtual cart', () => {
  const s = new FlowStation(3, 'e2e-advanced');
  const out = mkdtempSync(join(tmpdir(), 'cw-e2e-sheet-'));
  let udid = '';

  beforeAll(() => s.start(1, 3), 180_000);
  afterAll(async () => {
    await s.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  it('registers a person to a device and stages it', async () => {
    const { page, f } = s;
    const [ana] = s.people;
    await page.getByRole('tab', { name: /Single User Advanced/ }).click();
    await s.pickPerson('Person 1', ana!);
    await page.getByRole('combobox', { name: 'Device for person 1', exact: true }).click();
    await page.getByRole('option', { name: /^Slot 2 ·/ }).click();
    await page.getByTestId('flow-guidance').waitFor();
    // A local directory is the whole directory: no "MDM did not answer" warning.
    expect(await page.getByText('The MDM did not answer', { exact: false }).count()).toBe(0);
    await s.shot('advanced-register');
    await page.getByRole('button', { name: 'Register and stage 1 device' }).click();

    expect((await s.finishedBatch()).succeeded).toBe('1');
    const row = page.getByTestId('handoff-row');
    await row.waitFor({ timeout: 30_000 });
    udid = (await row.getAttribute('data-udid'))!;
    expect(await row.innerText()).toContain(ana!.name);
    await s.shot('advanced-staged');

    // On the cart: the device in slot 2 is supervised, enrolled and named by the blueprint.
    const onCart = await f.cart.device(udid);
    expect(f.store.devices.get(udid)?.slotNumber).toBe(2);
    expect(onCart.supervised).toBe(true);
    expect(onCart.profiles).toContain(MDM_PROFILE_ID);
    expect(onCart.name).toBe('Cart A-02');
    // In the store: registered to that person, the registration queued for the MDM.
    const serial = f.store.devices.get(udid)!.serial!;
    expect(f.store.assignments.current({ udid, serial })).toMatchObject({ kind: 'registration', userId: ana!.id });
    expect(f.store.outbox.list({}).filter((m) => m.kind === 'register-device' && m.deviceKey === serial.toUpperCase())).toHaveLength(1);
    expect((await f.station.handlers['flows.status']({ udid }))[0]!.status).toBe(`registered to ${ana!.name} – awaiting hand-off`);
  }, 240_000);

  it('downloads the hand-off sheet: a PDF naming the person and the serial', async () => {
    const { page, f } = s;
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Download the hand-off sheet of/ }).click();
    const file = join(out, (await download).suggestedFilename());
    await (await download).saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text).toContain(s.people[0]!.name);
    expect(text).toContain(f.store.devices.get(udid)!.serial!);
  });

  it('refuses the device to a wrong person with a clear message, then hands it to the right one', async () => {
    const { page, f } = s;
    const [ana, ben] = s.people;
    await page.getByRole('button', { name: /^Hand over Slot 2/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Badge number').fill(ben!.badge);
    await dialog.getByRole('button', { name: 'Hand over' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Not handed over');
    expect(await refusal.innerText()).toContain(`registered to another person; it cannot be handed to ${ben!.name}`);
    await s.shot('advanced-wrong-person');
    expect(f.store.audit.query({ action: 'flow.handoff.refused', udid })).toHaveLength(1);

    await dialog.getByText('Username and PIN', { exact: true }).click();
    await dialog.getByLabel('Username', { exact: true }).fill(ana!.username);
    await dialog.getByLabel('PIN', { exact: true }).fill('2468');
    await dialog.getByRole('button', { name: 'Hand over' }).click();
    await page.getByTestId('handoff-done').waitFor();
    expect(await page.getByTestId('handoff-done').innerText()).toContain(`handed to ${ana!.name}`);
    await s.shot('advanced-handed-over');
    const handed = f.store.audit.query({ action: 'flow.handoff', udid });
    expect(handed).toHaveLength(1);
    expect(handed[0]!.details.userId).toBe(ana!.id);
    expect(f.registry.get(udid)?.holder).toBe(ana!.name);
  }, 60_000);

  it('logged no page errors', () => {
    expect(s.errors).toEqual([]);
  });
});
