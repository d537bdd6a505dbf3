/**
 * bin/cartwright.cjs chooses between the bundle in dist/cli/ and the sources through tsx. It must
 * never run a bundle older than the sources, and it must size libuv's pool before anything uses
 * it. The bundle loads through V8's code cache, which may speed a start up but never change what
 * runs. Tested on a stand-in package root whose two entry points only say which one ran, so the
 * checkout's own dist/ is left alone.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const repo = process.cwd();
let root: string;

// Each entry fills libuv's pool, then reports which entry ran and how many threads the process has.
const work = (which: string) => `
  await Promise.all(Array.from({ length: 200 }, () => readFile('${join(repo, 'package.json')}')));
  process.stdout.write(JSON.stringify({ ran: '${which}', threads: readdirSync('/proc/self/task').length }));
  return 0;
`;
/** The sources' entry: an ES module, run through tsx. */
const sourceEntry = `import { readFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
export async function run() {${work('sources')}}
export const typed: number = 1;
`;
/** The bundle's entry: a CommonJS chunk, as scripts/build-cli.mjs writes them (bin/load-bundle.cjs loads it). */
const bundleEntry = (which = 'bundle') => `const { readFile } = require('node:fs/promises');
const { readdirSync } = require('node:fs');
exports.run = async function run() {${work(which)}};
`;

function runBin(env: NodeJS.ProcessEnv = {}): Promise<{ ran: string; threads: number; stderr: string }> {
  const { UV_THREADPOOL_SIZE: _inherited, ...parentEnv } = process.env;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(root, 'bin', 'cartwright.cjs')], { env: { ...parentEnv, ...env } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve({ ...(JSON.parse(stdout) as { ran: string; threads: number }), stderr });
    });
  });
}

const at = (path: string, whenMs: number) => utimesSync(path, whenMs / 1000, whenMs / 1000);
/** The bundle's inputs, as the build lists them in its stamp: the sources and their folders. */
const sources = { folders: ['electron/cli'], files: ['electron/cli/main.ts'] };
const stamp = (startedAtMs: number) => writeFileSync(join(root, 'dist', 'cli', 'build-stamp.json'), JSON.stringify({ startedAtMs, bundleHash: 'standin', sources }));
const source = () => join(root, 'electron', 'cli', 'main.ts');
const builtAt = Date.now() - 60_000;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cw-bin-'));
  for (const dir of ['bin', 'dist/cli', 'electron/cli', 'node_modules', 'scripts']) mkdirSync(join(root, dir), { recursive: true });
  for (const file of ['cartwright.cjs', 'load-bundle.cjs']) copyFileSync(join(repo, 'bin', file), join(root, 'bin', file));
  symlinkSync(join(repo, 'node_modules', 'tsx'), join(root, 'node_modules', 'tsx'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'cartwright', type: 'module' }));
  writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{}');
  writeFileSync(join(root, 'dist', 'cli', 'main.js'), bundleEntry());
  writeFileSync(join(root, 'dist', 'cli', 'package.json'), JSON.stringify({ type: 'commonjs' }));
  writeFileSync(source(), sourceEntry);
  for (const f of ['tsconfig.main.json', 'tsconfig.base.json']) writeFileSync(join(root, f), '{}');
  writeFileSync(join(root, 'scripts', 'build-cli.mjs'), '// how the bundle is made\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every input older than the build, so the bundle is current until a test changes one. */
function allBuiltBefore(): void {
  stamp(builtAt);
  const inputs = ['electron/cli/main.ts', 'electron/cli', 'node_modules/.package-lock.json', 'tsconfig.main.json', 'tsconfig.base.json', 'scripts/build-cli.mjs'];
  for (const p of inputs) at(join(root, p), builtAt - 10_000);
}

describe('bin/cartwright.cjs', () => {
  it('runs the bundle while every source is older than the build', async () => {
    allBuiltBefore();
    const r = await runBin({ CARTWRIGHT_DEBUG: '1' });
    expect(r.ran).toBe('bundle');
    expect(r.stderr).toContain('running the bundle in dist/cli/');
  });

  it('runs the sources when one was saved after the build started, and says why', async () => {
    allBuiltBefore();
    at(source(), builtAt + 1);
    const r = await runBin({ CARTWRIGHT_DEBUG: '1' });
    expect(r.ran).toBe('sources');
    expect(r.stderr).toContain(`${source()} changed after dist/cli/ was built`);
  });

  it('runs the sources when a file was added or removed (the folder changed)', async () => {
    allBuiltBefore();
    at(join(root, 'electron', 'cli'), builtAt + 1000);
    expect((await runBin()).ran).toBe('sources');
  });

  it('runs the sources after a package install, a compiler setting or a build script change', async () => {
    for (const input of ['node_modules/.package-lock.json', 'tsconfig.base.json', 'scripts/build-cli.mjs']) {
      allBuiltBefore();
      at(join(root, input), builtAt + 1000);
      expect((await runBin()).ran, input).toBe('sources');
    }
  });

  it('runs the sources when there is no stamp (never built, or the build was interrupted)', async () => {
    allBuiltBefore();
    rmSync(join(root, 'dist', 'cli', 'build-stamp.json'));
    expect((await runBin()).ran).toBe('sources');
  });

  it('runs the sources when a source the bundle was made from is gone, or the stamp lists no sources', async () => {
    allBuiltBefore();
    writeFileSync(join(root, 'dist', 'cli', 'build-stamp.json'), JSON.stringify({ startedAtMs: builtAt, bundleHash: 'standin', sources: { ...sources, files: [...sources.files, 'electron/cli/gone.ts'] } }));
    const gone = await runBin({ CARTWRIGHT_DEBUG: '1' });
    expect(gone.ran).toBe('sources');
    expect(gone.stderr).toContain(`${join(root, 'electron', 'cli', 'gone.ts')} changed after dist/cli/ was built`);
    // An older build's stamp: the time alone.
    writeFileSync(join(root, 'dist', 'cli', 'build-stamp.json'), JSON.stringify({ startedAtMs: builtAt }));
    expect((await runBin()).ran).toBe('sources');
  });

  it("sizes libuv's pool before anything uses it, on either path", async () => {
    allBuiltBefore();
    const bundle = await runBin();
    expect(bundle.ran).toBe('bundle');
    // 64 pool threads beside Node's own handful; the default pool would give about a dozen in all.
    expect(bundle.threads).toBeGreaterThan(64);
    at(source(), builtAt + 1000);
    const sources = await runBin();
    expect(sources.ran).toBe('sources');
    expect(sources.threads).toBeGreaterThan(64);
  });
});

/** Node 22.1 and later have their own compile cache, which the bin then uses instead of bin/load-bundle.cjs's. */
const nodeCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** The stand-in bundle through bin/load-bundle.cjs's V8 cache, on any Node, as the bin uses it on Node 20. */
function runLoader(env: NodeJS.ProcessEnv = {}): Promise<{ ran: string; stderr: string }> {
  const script = `const b = require(${JSON.stringify(join(root, 'bin', 'load-bundle.cjs'))}).loadBundle(${JSON.stringify(join(root, 'dist', 'cli'))}, 'standin');
process.once('exit', () => process.stderr.write(b.report() + '\\n' + (b.writeCaches() ?? '') + '\\n'));
b.main.run().then((code) => { process.exitCode = code; });`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve({ ran: (JSON.parse(stdout) as { ran: string }).ran, stderr });
    });
  });
}

describe('the bundle through a compile cache', () => {
  const main = () => join(root, 'dist', 'cli', 'main.js');
  const cacheDir = () => join(root, 'dist', 'cli', 'compile-cache');
  const reset = () => {
    writeFileSync(main(), bundleEntry());
    rmSync(cacheDir(), { recursive: true, force: true });
  };
  beforeEach(reset);
  afterEach(reset);

  it('the bin compiles a chunk once, then loads it from the cache, and always runs the chunk as it is now', async () => {
    allBuiltBefore();
    const first = await runBin({ CARTWRIGHT_DEBUG: '1' });
    expect(first.ran).toBe('bundle');
    const second = await runBin({ CARTWRIGHT_DEBUG: '1' });
    expect(second.ran).toBe('bundle');
    if (nodeCompileCache) {
      expect(second.stderr).toContain("Node's compile cache in");
    } else {
      expect(first.stderr).toContain('main.js compiled (no cache yet)');
      expect(first.stderr).toContain('compile cache written for main.js');
      expect(second.stderr).toContain('1 chunks from the compile cache');
      expect(second.stderr).not.toContain('compiled (');
    }
    // Edited after its cache was written, to the same length.
    writeFileSync(main(), bundleEntry('BUNDLE'));
    at(main(), Date.now() + 5000);
    expect((await runBin()).ran).toBe('BUNDLE');
  });

  it('compiles from the source when the cache is refused or older than the chunk (bin/load-bundle.cjs)', async () => {
    await runLoader();
    const [key] = readdirSync(cacheDir());
    const cacheFile = join(cacheDir(), key!, 'main.js.v8');
    writeFileSync(cacheFile, randomBytes(4096));
    const refused = await runLoader();
    expect(refused.ran).toBe('bundle');
    expect(refused.stderr).toContain('main.js compiled (V8 refused its cache)');
    expect(refused.stderr).toContain('compile cache written for main.js');
    expect((await runLoader()).stderr).toContain('1 chunks from the compile cache');
    // Edited by hand after its cache was written, to the same length (V8 itself checks only the length).
    writeFileSync(main(), bundleEntry('BUNDLE'));
    at(main(), Date.now() + 5000);
    const edited = await runLoader();
    expect(edited.ran).toBe('BUNDLE');
    expect(edited.stderr).toContain('main.js compiled (the chunk changed after its cache was written)');
  });

  it('runs without a cache where none can be written (bin/load-bundle.cjs)', async () => {
    writeFileSync(cacheDir(), 'not a folder');
    const r = await runLoader();
    expect(r.ran).toBe('bundle');
    expect(r.stderr).toMatch(/compile cache not written \(\w+\)/);
  });

  it('keeps a cache per bundle, Node version and flags (bin/load-bundle.cjs)', async () => {
    await runLoader();
    await runLoader({ NODE_OPTIONS: '--max-old-space-size=200' });
    const keys = readdirSync(cacheDir());
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(new RegExp(`^standin-node${process.version.slice(1).replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{8}$`));
  });
});
