import { join } from 'node:path';
import { CartProcess } from './cart.js';
import { StationDir } from './station.js';

/**
 * A station data directory with the cart's slots calibrated (rows×columns, in hub order) and a
 * supervision identity written to `p12`, made once per scenario. Every virtual cart numbers its
 * slots' LocationIDs the same way, so the calibration is valid for carts of any seed.
 */
export async function buildTemplate(root: string, p12: string, devices: number, seed: string, rows = 4, columns = 8): Promise<string> {
  const cart = new CartProcess({ devices, seed });
  try {
    await cart.start();
    const t = new StationDir(join(root, 'template'), cart.usbmuxd);
    const id = await t.run(['identity', 'create', '--org', 'Acme Schools', '--out', p12, '--password', 'pw', '--json'], 120_000);
    if (id.code !== 0) throw new Error(`identity create failed: ${id.stdout}${id.stderr}`);
    const slots = await t.run(['slots', 'calibrate', '--name', 'Cart A', '--rows', String(rows), '--columns', String(columns), '--auto', '--json'], 120_000);
    if (slots.code !== 0) throw new Error(`slots calibrate failed: ${slots.stdout}${slots.stderr}`);
    return t.dataDir;
  } finally {
    await cart.stop();
  }
}
