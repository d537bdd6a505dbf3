import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { FlowHarness, users, type UserSpec } from '../integration/flows/flow-harness.js';
import { openStationPage, screenshots, type StationPage } from './station-page.js';

const shot = screenshots('flow');

/**
 * The flows' e2e setup: a virtual cart, the real station (identity given at open, the "Flows"
 * blueprint saved, local people with badges and PINs), `cartwright serve`'s server and Chromium on
 * the Flows screen. Everything after this is done through the screens.
 */
export class FlowStation {
  readonly f: FlowHarness;
  readonly people: UserSpec[];
  private ui: StationPage | undefined;

  constructor(devices: number, seed: string, people = 3) {
    this.f = new FlowHarness(devices, seed);
    this.people = users(people, 'p');
  }

  get page(): Page {
    if (!this.ui) throw new Error('FlowStation.start() has not finished');
    return this.ui.page;
  }

  get errors(): string[] {
    return this.ui?.errors ?? [];
  }

  /** `ws1` puts a fake Workspace ONE behind the station (first-user reassignments come from an MDM). */
  async start(rows: number, columns: number, mdm: 'local' | 'ws1' = 'local'): Promise<void> {
    await this.f.start({ rows, columns, mdm });
    await this.f.addUsers(this.people);
    this.ui = await openStationPage(this.f.station, { hash: '#/flows' });
  }

  /** test-results/screenshots/flow-<name>.png */
  shot(name: string): Promise<void> {
    return shot(this.page, name);
  }

  /** Picks a person in a directory typeahead by typing part of their name. */
  async pickPerson(label: string, person: UserSpec): Promise<void> {
    const input = this.page.getByRole('combobox', { name: label, exact: true });
    await input.click();
    await input.fill(person.name);
    await this.page.getByRole('option', { name: `${person.name} (${person.username})` }).click();
  }

  /** The batch a flow form just started, once it has finished, with how many devices came out ready. */
  async finishedBatch(): Promise<{ batch: Locator; succeeded: string }> {
    const batch = this.page.getByTestId('batch').first();
    await batch.waitFor();
    await expect.poll(() => batch.getAttribute('data-done'), { timeout: 180_000, interval: 500 }).toBe('true');
    return { batch, succeeded: await batch.getByTestId('batch-succeeded').innerText() };
  }

  /** Opens the kiosk from the Flows screen and scans the person's badge there. */
  async badgeInAtKiosk(person: UserSpec): Promise<void> {
    await this.page.getByRole('link', { name: 'Open the kiosk' }).click();
    await this.page.getByTestId('badge-input').waitFor();
    await this.page.keyboard.type(person.badge);
    await this.page.keyboard.press('Enter');
  }

  async dispose(): Promise<void> {
    await this.ui?.close();
    await this.f.dispose();
  }
}
