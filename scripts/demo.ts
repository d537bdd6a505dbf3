// `npm run demo`: a virtual cart of iPhones and iPads (realistic latency, compressed) and a headless
// station that prepares the whole cart with the built-in Prepare blueprint, as a technician would:
// supervision identity, slot calibration, then `cartwright prepare --all`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '16' },
    'time-scale': { type: 'string', default: '0.05' },
    keep: { type: 'boolean', default: false },
  },
});
const devices = Number(values.devices);
const columns = Math.min(8, devices);
const rows = Math.ceil(devices / columns);
const dataDir = mkdtempSync(join(tmpdir(), 'cartwright-demo-'));

function say(text: string): void {
  process.stderr.write(`\n\u001b[1m▸ ${text}\u001b[0m\n`);
}

const cart = spawn(
  process.execPath,
  ['--import', 'tsx', join(ROOT, 'test/emulator/cli.ts'), '--devices', String(devices), '--listen', '127.0.0.1:0', '--control', '127.0.0.1:0', '--latency', 'realistic', '--time-scale', values['time-scale'], '--seed', `demo-${Date.now()}`],
  { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
);
const stopCart = () => {
  if (cart.exitCode === null) cart.kill('SIGTERM');
};
process.on('exit', stopCart);
process.on('SIGINT', () => process.exit(130));

const ready = await new Promise<{ usbmuxd: string; control: string; activation: string }>((res, rej) => {
  cart.once('exit', (code) => rej(new Error(`the virtual cart exited (${code})`)));
  createInterface({ input: cart.stdout! }).on('line', (line) => {
    try {
      const msg = JSON.parse(line) as { ready?: boolean; usbmuxd: string; control: string; activation: string };
      if (msg.ready) res(msg);
    } catch {
      // not the ready line
    }
  });
});

const env = { ...process.env, USBMUXD_SOCKET_ADDRESS: ready.usbmuxd, CARTWRIGHT_ACTIVATION_URL: ready.activation, CARTWRIGHT_DATA_DIR: dataDir, CARTWRIGHT_SECRET_PASSPHRASE: 'demo passphrase' };
const cartwright = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/cartwright.cjs'), ...args], { env, stdio: 'inherit' }).status ?? 1;

say(`Virtual cart: ${devices} devices at ${ready.usbmuxd} (control API ${ready.control}); station data in ${dataDir}`);
say('Creating the organization\'s supervision identity');
cartwright(['identity', 'create', '--org', 'Demo School District', '--out', join(dataDir, 'demo-identity.p12'), '--password', 'demo', '--store']);
say(`Numbering the cart's ports as a ${rows}×${columns} cart`);
cartwright(['slots', 'calibrate', '--name', 'Demo cart', '--rows', String(rows), '--columns', String(columns), '--auto']);
cartwright(['devices']);
say('Preparing every device: pair (a person taps Trust), supervise, escalate, enroll, rename');
const started = Date.now();
const status = cartwright(['prepare', '--all', '--enroll-profile', join(ROOT, 'test/fixtures/profiles/mdm-enrollment.mobileconfig'), '--enroll-mode', 'install', '--name-template', 'Demo-{slot:2}', '--concurrency', '16']);
say(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. The cart now reports:`);
cartwright(['devices']);
stopCart();
if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
process.exit(status);
