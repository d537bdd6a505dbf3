import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../electron/server/index.js';
import { FlowHarness, users, type UserSpec } from '../integration/flows/flow-harness.js';
import { collectPageErrors, launchChromium } from './browser.js';

const STATIC = join(process.cwd(), 'dist', 'renderer');

/**
 * The flows' e2e setup: a virtual cart, the real station (identity given at open, the "Flows"
 * blueprint saved, local people with badges and PINs), `cartwright serve`'s server and Chromium on
 * the Flows screen. Everything after this is done through the screens.
 */
export class FlowStation {
  readonly f: FlowHarness;
  readonly people: UserSpec[];
  server!: RunningServer;
  browser!: Awaited<ReturnType<typeof launchChromium>>;
  page!: Page;
  errors: string[] = [];

  constructor(devices: number, seed: string, people = 3) {
    this.f = new FlowHarness(devices, seed);
    this.people = users(people, 'p');
  }

  /** `ws1` puts a fake Workspace ONE behind the station (first-user reassignments come from an MDM). */
  async start(rows: number, columns: number, mdm: 'local' | 'ws1' = 'local'): Promise<void> {
    await this.f.start({ rows, columns, mdm });
    await this.f.addUsers(this.people);
    const station = this.f.station;
    this.server = await startServer({ handlers: station.handlers, subscribe: (l) => station.subscribe(l), port: 0, staticDir: STATIC });
    this.browser = await launchChromium();
    this.page = await this.browser.newPage();
    this.errors = collectPageErrors(this.page);
    await this.page.goto(this.server.signInUrl('#/flows'));
    await this.page.locator('[data-testid="connection"][data-status="open"]').waitFor();
  }

  /** Picks a person in a directory typeahead by typing part of their name. */
  async pickPerson(label: string, person: UserSpec): Promise<void> {
    const input = this.page.getByRole('combobox', { name: label, exact: true });
    await input.click();
    await input.fill(person.name);
    await this.page.getByRole('option', { name: `${person.name} (${person.username})` }).click();
  }

  async dispose(): Promise<void> {
    await this.browser?.close();
    await this.server?.close();
    await this.f.dispose();
  }
}
