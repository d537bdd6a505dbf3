/**
 * The CLI bundle (scripts/build-cli.mjs) loads heavy packages only when a command uses them
 * (issue 14): on `devices --json` no X.509/PKCS#12 stack, CSV reader, MDM logger or XML DOM, and
 * only zod's English messages. Each is still there when a command needs it: plist's XML
 * parser and writer (given to it lazily by the build) build and read a profile back. Run on the
 * bundle itself (dist/cli/main.js, built here as `npm ci` builds it), since bin/cartwright.cjs runs
 * the sources while they are newer than the build; and through the loader the bin uses for it
 * (bin/load-bundle.cjs: V8's code cache), which must never change an answer.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartDaemon } from '../helpers/cart-daemon.js';

const ROOT = process.cwd();
const TRACE_HOOK = join(ROOT, 'test', 'helpers', 'module-trace.mjs');
const MAIN = pathToFileURL(join(ROOT, 'dist', 'cli', 'main.js')).href;
/** What a command that only looks never needs. */
const LAZY = /\/node_modules\/(pkijs|asn1js|node-forge|csv-parse|pino|@xmldom\/xmldom|xmlbuilder)\//;

let dir: string;
let cart: CartDaemon;

/** Runs the bundle's `run(argv)` in its own process, with the module trace. */
function bundle(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; loaded: string[] }> {
  const trace = join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(trace, '');
  const script = `import(${JSON.stringify(MAIN)}).then(async (m) => { process.exitCode = await m.run(['node', 'cartwright', ...${JSON.stringify(args)}]); });`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', TRACE_HOOK, '-e', script], { env: { ...process.env, CARTWRIGHT_DATA_DIR: join(dir, 'station'), CARTWRIGHT_MODULE_TRACE: trace, ...env } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cartwright ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, loaded: readFileSync(trace, 'utf8').split('\n').filter(Boolean) });
    });
  });
}

/**
 * Runs the bundle as bin/cartwright.cjs does once it chose the bundle: through bin/load-bundle.cjs
 * and V8's code cache, with what the loader reports.
 */
function cached(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; report: string }> {
  const { bundleHash } = JSON.parse(readFileSync(join(ROOT, 'dist', 'cli', 'build-stamp.json'), 'utf8')) as { bundleHash: string };
  const script = `const b = require(${JSON.stringify(join(ROOT, 'bin', 'load-bundle.cjs'))}).loadBundle(${JSON.stringify(join(ROOT, 'dist', 'cli'))}, ${JSON.stringify(bundleHash)});
process.once('exit', () => process.stderr.write('\\n' + b.report() + '\\n' + (b.writeCaches() ?? '') + '\\n'));
b.main.run(['node', 'cartwright', ...${JSON.stringify(args)}]).then((code) => { process.exitCode = code; });`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { env: { ...process.env, CARTWRIGHT_DATA_DIR: join(dir, 'station'), ...env } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cartwright ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, report: stderr });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-cli-bundle-'));
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs'), '--required'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${build.stderr}`);
  cart = new CartDaemon({ transport: 'tcp', devices: 0 });
  await cart.start();
}, 120_000);

afterAll(async () => {
  await cart?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI bundle loads heavy packages on first use', () => {
  it('devices --json on an empty cart loads none of them', async () => {
    const r = await bundle(['devices', '--json'], { USBMUXD_SOCKET_ADDRESS: cart.usbmuxd });
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.loaded.filter((u) => LAZY.test(u))).toEqual([]);
  });

  it('carries zod’s English messages only, and they still explain a bad input', async () => {
    // What the chunks were made from, as their source maps list it.
    const maps = readdirSync(join(ROOT, 'dist', 'cli')).filter((f) => f.endsWith('.js.map'));
    const sources = maps.flatMap((f) => (JSON.parse(readFileSync(join(ROOT, 'dist', 'cli', f), 'utf8')) as { sources: string[] }).sources);
    expect(sources.some((s) => s.endsWith('node_modules/zod/v4/locales/en.js'))).toBe(true);
    // No other language (the locales' index is the build's English-only stand-in).
    expect(sources.filter((s) => /node_modules\/zod\/v4\/locales\/(?!en\.js$|index\.js$)/.test(s))).toEqual([]);
    expect(sources.some((s) => s.endsWith('node_modules/zod/v4/locales/de.js'))).toBe(false);
    const blueprint = join(dir, 'bad-blueprint.json');
    writeFileSync(blueprint, JSON.stringify({ name: 5, steps: [] }));
    // zod's own English wording, as the sources give it.
    await expect(bundle(['blueprint', 'import', blueprint, '--json'])).rejects.toThrow(/name: Invalid input: expected string, received number/);
  });

  it('answers the same through the compile cache: compiled at the first start, from the cache after', async () => {
    const env = { USBMUXD_SOCKET_ADDRESS: cart.usbmuxd };
    const first = await cached(['devices', '--json'], env);
    expect(JSON.parse(first.stdout)).toEqual([]);
    expect(first.report).toMatch(/compile cache written for main\.js, .*devices-\w+\.js/);
    const second = await cached(['devices', '--json'], env);
    expect(JSON.parse(second.stdout)).toEqual([]);
    expect(second.report).toMatch(/^\d+ chunks from the compile cache \(/m);
    expect(second.report).not.toContain('compiled (');
    const file = join(dir, 'cached.mobileconfig');
    await cached(['profile', 'build', '--identifier', 'com.example.cached', '--name', 'Cached Wi-Fi', '--org', 'Example', '--wifi-ssid', 'Staff', '--wifi-password', 'correct horse', '--out', file]);
    const inspected = await cached(['profile', 'inspect', file, '--json']);
    expect(JSON.parse(inspected.stdout)).toMatchObject({ identifier: 'com.example.cached', displayName: 'Cached Wi-Fi' });
  });

  it('builds a profile with plist’s XML writer and reads it back with its XML parser, loaded when used', async () => {
    const file = join(dir, 'wifi.mobileconfig');
    const built = await bundle(['profile', 'build', '--identifier', 'com.example.bundle', '--name', 'Bundle Wi-Fi', '--org', 'Example', '--wifi-ssid', 'Staff', '--wifi-password', 'correct horse', '--out', file]);
    expect(built.loaded.some((u) => /\/node_modules\/xmlbuilder\//.test(u))).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('<string>Staff</string>');
    const inspected = await bundle(['profile', 'inspect', file, '--json']);
    expect(inspected.loaded.some((u) => /\/node_modules\/@xmldom\/xmldom\//.test(u))).toBe(true);
    expect(JSON.parse(inspected.stdout)).toMatchObject({ identifier: 'com.example.bundle', displayName: 'Bundle Wi-Fi', payloads: [{ type: 'com.apple.wifi.managed' }] });
  });
});
