/**
 * What the quick commands load (issue 14: a CLI that starts in 0.2 s). `--version` loads no
 * command at all; `devices` and `doctor` load their own command and never the PDF, QR, React,
 * WebSocket or server code. Checked on the modules each process really loads
 * (test/helpers/module-trace.mjs), through bin/cartwright.cjs as a technician runs it, whichever
 * of the bundle or the sources it chooses; the time itself is a figure of `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartDaemon } from '../helpers/cart-daemon.js';

const ROOT = process.cwd();
const TRACE_HOOK = join(ROOT, 'test', 'helpers', 'module-trace.mjs');
/** Never needed by a command that only looks: hand-off sheets, QR codes, the screens, the server's event stream. */
const HEAVY = /\/node_modules\/(pdfkit|qrcode|react|react-dom|ws|@stoplight)\/|\/electron\/server\/|\/dist\/cli\/serve-/;
/**
 * Loaded on first use (electron/platform/lazy-package.ts, electron/mdm/logger.ts): the X.509 and
 * PKCS#12 stack, the CSV reader and the MDM layer's logger. A command that only looks never reads
 * a certificate or a CSV, nor logs an MDM call.
 */
const LAZY = /\/node_modules\/(pkijs|asn1js|node-forge|csv-parse|pino)\//;
/** A command's own module: electron/cli/commands/<name>.ts, or its chunk dist/cli/<name>-HASH.js. */
const commandModule = (url: string) => /\/electron\/cli\/commands\/([\w-]+)\.ts$/.exec(url)?.[1] ?? /\/dist\/cli\/(?!chunk-)([\w-]+)-[A-Z0-9]+\.js$/.exec(url)?.[1];

let dir: string;
let cart: CartDaemon;

async function traced(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; loaded: string[] }> {
  const trace = join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(trace, '');
  const child = spawn(process.execPath, ['--import', TRACE_HOOK, join(ROOT, 'bin', 'cartwright.cjs'), ...args], {
    env: { ...process.env, CARTWRIGHT_DATA_DIR: join(dir, 'station'), CARTWRIGHT_MODULE_TRACE: trace, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  if (code !== 0 && !args.includes('doctor')) throw new Error(`cartwright ${args.join(' ')} exited ${code}: ${stderr}`);
  return { code, stdout, loaded: readFileSync(trace, 'utf8').split('\n').filter(Boolean) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-cli-start-'));
  cart = new CartDaemon({ transport: 'tcp', devices: 0 });
  await cart.start();
});

afterAll(async () => {
  await cart.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('what a quick command loads', () => {
  it('--version loads no command module', async () => {
    const r = await traced(['--version']);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect(r.loaded.map(commandModule).filter(Boolean)).toEqual([]);
    expect(r.loaded.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it('devices --json on an empty cart loads only the devices command, nothing heavy', async () => {
    const r = await traced(['devices', '--json'], { USBMUXD_SOCKET_ADDRESS: cart.usbmuxd });
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect([...new Set(r.loaded.map(commandModule).filter(Boolean))]).toEqual(['devices']);
    expect(r.loaded.filter((u) => HEAVY.test(u))).toEqual([]);
    expect(r.loaded.filter((u) => LAZY.test(u))).toEqual([]);
  });

  it('a command that makes an identity still loads the PKCS#12 stack, and its file reads back', async () => {
    const p12 = join(dir, 'lazy-identity.p12');
    const created = await traced(['identity', 'create', '--org', 'Lazy Load School', '--out', p12, '--password', 'pw', '--json']);
    expect(created.loaded.some((u) => /\/node_modules\/pkijs\//.test(u))).toBe(true);
    const shown = await traced(['identity', 'show', p12, '--password', 'pw', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ source: { kind: 'file' }, identity: { organization: 'Lazy Load School' } });
  });

  it('doctor loads only the doctor command, nothing heavy', async () => {
    const r = await traced(['doctor', '--json'], { USBMUXD_SOCKET_ADDRESS: cart.usbmuxd });
    expect((JSON.parse(r.stdout) as { checks: unknown[] }).checks.length).toBeGreaterThan(0);
    expect([...new Set(r.loaded.map(commandModule).filter(Boolean))]).toEqual(['doctor']);
    expect(r.loaded.filter((u) => HEAVY.test(u))).toEqual([]);
  });
});
