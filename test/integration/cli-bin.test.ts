/**
 * bin/cartwright.cjs chooses between the bundle in dist/cli/ and the sources through tsx. It must
 * never run a bundle older than the sources, and it must size libuv's pool before anything uses
 * it. Tested on a stand-in package root whose two entry points only say which one ran, so the
 * checkout's own dist/ is left alone.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = process.cwd();
let root: string;

// Each entry fills libuv's pool, then reports which entry ran and how many threads the process has.
const entry = (which: string) => `
import { readFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
export async function run() {
  await Promise.all(Array.from({ length: 200 }, () => readFile('${join(repo, 'package.json')}')));
  process.stdout.write(JSON.stringify({ ran: '${which}', threads: readdirSync('/proc/self/task').length }));
  return 0;
}
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
const stamp = (startedAtMs: number) => writeFileSync(join(root, 'dist', 'cli', 'build-stamp.json'), JSON.stringify({ startedAtMs }));
const source = () => join(root, 'electron', 'cli', 'main.ts');
const builtAt = Date.now() - 60_000;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cw-bin-'));
  for (const dir of ['bin', 'dist/cli', 'electron/cli', 'node_modules', 'scripts']) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(join(repo, 'bin', 'cartwright.cjs'), join(root, 'bin', 'cartwright.cjs'));
  symlinkSync(join(repo, 'node_modules', 'tsx'), join(root, 'node_modules', 'tsx'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'cartwright', type: 'module' }));
  writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{}');
  writeFileSync(join(root, 'dist', 'cli', 'main.js'), entry('bundle'));
  writeFileSync(source(), `${entry('sources')}export const typed: number = 1;\n`);
  for (const f of ['tsconfig.main.json', 'tsconfig.base.json']) writeFileSync(join(root, f), '{}');
  writeFileSync(join(root, 'scripts', 'build-cli.mjs'), '// how the bundle is made\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every input older than the build, so the bundle is current until a test changes one. */
function allBuiltBefore(): void {
  stamp(builtAt);
  const inputs = ['electron/cli/main.ts', 'electron/cli', 'electron', 'node_modules/.package-lock.json', 'tsconfig.main.json', 'tsconfig.base.json', 'scripts/build-cli.mjs'];
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
