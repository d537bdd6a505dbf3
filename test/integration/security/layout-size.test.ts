import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../../electron/api/commands.js';
import { openStore } from '../../../electron/store/index.js';
import { runCli } from '../../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-layout-size-'));
// No virtual cart: the CLI's station finds no usbmuxd, which calibration does not need to refuse.
const env = { CARTWRIGHT_DATA_DIR: join(dir, 'data'), CARTWRIGHT_SECRET_PASSPHRASE: 'correct horse', USBMUXD_SOCKET_ADDRESS: `UNIX:${join(dir, 'no-usbmuxd.sock')}` };

const layoutFile = (gridRows: number, gridColumns: number, slots: number): string => {
  const file = join(dir, `layout-${gridRows}x${gridColumns}-${slots}.json`);
  const body = {
    format: 'cartwright.slots',
    version: 1,
    layout: { name: 'Huge', gridRows, gridColumns, description: null },
    slots: Array.from({ length: slots }, (_, i) => ({ slotNumber: i + 1, locationId: null, usbPath: `1-${i + 1}`, label: null })),
  };
  writeFileSync(file, JSON.stringify(body));
  return file;
};

// A refusal takes well under a second, but on a loaded CI machine one cold CLI start once took over
// a minute; the CLI's own timeout stays below the test's so a slow run fails with its output.
const CLI_TIMEOUT_MS = 100_000;
const TEST_TIMEOUT_MS = 120_000;

describe('cart layout size is bounded', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('slots calibrate refuses a 100000 × 100000 cart with the limits', async () => {
    const r = await runCli(['slots', 'calibrate', '--name', 'Huge', '--rows', '100000', '--columns', '100000', '--auto', '--json'], env, CLI_TIMEOUT_MS);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/too large: at most 64 rows and 64 columns, 1024 slots/);
    expect(commands['cart.calibrate'].input.safeParse({ action: 'start', name: 'Huge', rows: 65, columns: 1 }).success).toBe(false);
  }, TEST_TIMEOUT_MS);

  it('slots import refuses a file with too many slots or too wide a grid; an ordinary one imports', async () => {
    const many = await runCli(['slots', 'import', layoutFile(32, 32, 5000), '--json'], env, CLI_TIMEOUT_MS / 3);
    expect(many.code).not.toBe(0);
    expect(many.stdout + many.stderr).toMatch(/INVALID_INPUT|too (big|large)|1024/);
    const wide = await runCli(['slots', 'import', layoutFile(1000, 1, 10), '--json'], env, CLI_TIMEOUT_MS / 3);
    expect(wide.code).not.toBe(0);
    const ok = await runCli(['slots', 'import', layoutFile(4, 8, 32), '--json'], env, CLI_TIMEOUT_MS / 3);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('the store refuses a 64 × 64 grid (4096 slots) even without the API in front', () => {
    const store = openStore(join(dir, 'direct'));
    try {
      expect(() => store.slots.createLayout({ name: 'Square', gridRows: 64, gridColumns: 64 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
      expect(store.slots.createLayout({ name: 'Cart', gridRows: 32, gridColumns: 32 }).gridRows).toBe(32);
    } finally {
      store.close();
    }
  });
});
