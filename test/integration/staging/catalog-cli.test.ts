import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/cart-daemon.js';
import { StationHarness } from './harness.js';

// The CLI's catalogue commands against a real station data directory and the virtual cart.
describe('cartwright blueprint, slots, rename, pair, erase, info and audit', () => {
  const h = new StationHarness({ devices: 4, seed: `catalog-${Date.now()}` });
  let udids: string[];

  beforeAll(async () => {
    await h.start(1, 4);
    udids = (await h.cart.devices()).map((d) => d.udid);
  }, 120_000);
  afterAll(() => h.dispose());

  it('imports, lists, shows and exports versioned blueprints; refuses an invalid one with reasons', async () => {
    const file = join(h.dir, 'bp.json');
    writeFileSync(file, JSON.stringify({ name: 'Library iPads', steps: [{ type: 'pair' }, { type: 'inspect' }, { type: 'rename', template: 'Library-{slot:2}' }, { type: 'verify' }] }));
    const imported = await h.cli(['blueprint', 'import', file, '--json']);
    expect(JSON.parse(imported.stdout)).toMatchObject({ name: 'Library iPads', version: 1, created: true });
    const again = await h.cli(['blueprint', 'import', file, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ version: 1, created: false });
    const list = JSON.parse((await h.cli(['blueprint', 'list', '--json'])).stdout) as { name: string }[];
    expect(list.map((b) => b.name)).toContain('Library iPads');
    const out = join(h.dir, 'exported.json');
    await h.cli(['blueprint', 'export', 'Library iPads', '--out', out]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ name: 'Library iPads', appLicensing: 'device' });

    writeFileSync(file, JSON.stringify({ name: 'Broken', steps: [{ type: 'escalate' }] }));
    const bad = await h.cli(['blueprint', 'import', file, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error.message).toMatch(/first step must be "pair"[\s\S]*needs a "supervise" step/);
  });

  it('runs a stored blueprint by name and renames from the slot', async () => {
    const r = await h.cli(['prepare', udids[0]!, udids[1]!, '--blueprint', 'Library iPads', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const names = (await h.cart.devices()).filter((d) => udids.slice(0, 2).includes(d.udid)).map((d) => d.name).sort();
    expect(names).toEqual(['Library-01', 'Library-02']);
  });

  it('exports and re-imports the slot layout', async () => {
    const file = join(h.dir, 'slots.json');
    await h.cli(['slots', 'export', '--out', file]);
    const layout = JSON.parse(readFileSync(file, 'utf8')) as { layout: { name: string }; slots: unknown[] };
    expect(layout.layout.name).toBe('Cart A');
    expect(layout.slots).toHaveLength(4);
    const imported = await h.cli(['slots', 'import', file, '--json']);
    expect(JSON.parse(imported.stdout)).toMatchObject({ layout: 'Cart A', slots: 4 });
    const shown = JSON.parse((await h.cli(['slots', 'show', '--json'])).stdout) as { slots: { udid: string | null }[]; unknownPorts: unknown[] };
    expect(shown.slots.filter((s) => s.udid)).toHaveLength(4);
    expect(shown.unknownPorts).toEqual([]);
  });

  it('pairs and renames with a template; refuses ambiguous usage with exit code 2', async () => {
    const paired = await h.cli(['pair', udids[2]!, '--json']);
    expect(JSON.parse(paired.stdout)).toEqual([{ udid: udids[2], ok: true, error: null }]);
    const renamed = await h.cli(['rename', udids[2]!, udids[3]!, '--template', 'Spare {n}', '--json']);
    expect(renamed.code, renamed.stdout).toBe(0);
    expect((await h.cart.device(udids[2]!)).name).toBe('Spare 1');
    expect((await h.cli(['rename', '--all', '--name', 'Same'])).code).toBe(2);
    expect((await h.cli(['erase', udids[3]!])).code).toBe(2);
  });

  it('erases with --yes: the device restarts unactivated and unpaired', async () => {
    const r = await h.cli(['erase', udids[3]!, '--yes', '--json']);
    expect(r.code, r.stdout).toBe(0);
    await eventually(async () => {
      const d = await h.cart.device(udids[3]!);
      return d.connected && d.activationState === 'Unactivated' && d.pairedHostIds.length === 0;
    }, 60_000);
  });

  it('shows one device with its journal, and the audit log filtered by device and action', async () => {
    const info = JSON.parse((await h.cli(['info', udids[0]!, '--json'])).stdout) as { device: { udid: string; name: string }; jobs: { steps: { name: string; state: string }[] }[] };
    expect(info.device).toMatchObject({ udid: udids[0], name: 'Library-01' });
    expect(info.jobs[0]!.steps.map((s) => s.name)).toEqual(['pair', 'inspect', 'rename', 'verify']);
    const audit = JSON.parse((await h.cli(['audit', '--device', udids[0]!, '--action', 'step.rename', '--json'])).stdout) as { action: string; source: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'step.rename', source: 'cli' });
    const erased = JSON.parse((await h.cli(['audit', '--since', '1h', '--action', 'device.erase', '--json'])).stdout) as { udid: string }[];
    expect(erased.map((e) => e.udid)).toEqual([udids[3]]);
    expect((await h.cli(['audit', '--since', 'yesterday-ish'])).code).toBe(2);
    expect((await h.cli(['info', 'no-such-udid', '--json'])).code).toBe(1);
  });
});
