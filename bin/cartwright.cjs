#!/usr/bin/env node
// The `cartwright` command.
//
// CommonJS on purpose: every blocking libimobiledevice call runs on libuv's thread pool (4 threads
// by default) and a cart of 32 devices needs more, but libuv sizes the pool once, when something
// first uses it. Node reads an ES module entry with asynchronous file reads, which start the pool
// before the module's first line runs; a CommonJS entry is read synchronously, so this assignment
// comes first (test/integration/cli-bin.test.ts counts the threads).
process.env.UV_THREADPOOL_SIZE ??= '64';

// Which code runs: the bundle in dist/cli/ (built by `npm ci`'s postinstall, `npm run build:cli`
// and `npm run build`: scripts/build-cli.mjs) when it is current, because transpiling the sources
// through tsx costs about a second at every start; otherwise the TypeScript sources through tsx.
// "Current" means build-cli.mjs left its stamp and no file or folder under electron/ (nor the
// build script, the tsconfig or node_modules) changed since that build started: one stat per
// source file, a few milliseconds. So a developer's edit, and the tests that spawn this file
// (test/helpers/cli.ts), never run code older than the sources; `npm run build:cli` brings the
// fast start back, and CARTWRIGHT_DEBUG=1 says which code ran and why.
async function main() {
  const { readFileSync, readdirSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const root = join(__dirname, '..');

  /** The first file or folder under `dir` changed at or after `sinceMs`, if any. */
  function changedSince(dir, sinceMs) {
    if (statSync(dir).mtimeMs >= sinceMs) return dir;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const changed = entry.isDirectory() ? changedSince(path, sinceMs) : entry.name.endsWith('.ts') && statSync(path).mtimeMs >= sinceMs ? path : undefined;
      if (changed) return changed;
    }
    return undefined;
  }

  // What else the bundle was made from: how it is built, the compiler settings, and the installed
  // packages it bundles (npm rewrites node_modules/.package-lock.json on every install). Absent
  // ones are skipped.
  const otherInputs = [join('scripts', 'build-cli.mjs'), 'tsconfig.main.json', 'tsconfig.base.json', join('node_modules', '.package-lock.json')].map((f) => join(root, f));
  const fileChangedSince = (file, sinceMs) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= sinceMs;

  /** Why the bundle cannot run (a sentence), or undefined when it is current. */
  function bundleStaleReason() {
    let startedAtMs;
    try {
      ({ startedAtMs } = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'build-stamp.json'), 'utf8')));
    } catch {
      return 'dist/cli/ has no build stamp (never built, or the build was interrupted)';
    }
    if (typeof startedAtMs !== 'number') return 'dist/cli/build-stamp.json is not a stamp';
    const changed = otherInputs.find((f) => fileChangedSince(f, startedAtMs)) ?? changedSince(join(root, 'electron'), startedAtMs);
    return changed ? `${changed} changed after dist/cli/ was built` : undefined;
  }

  const stale = bundleStaleReason();
  let entry = join(root, 'dist', 'cli', 'main.js');
  if (stale) {
    const { register } = await import('tsx/esm/api');
    register();
    entry = join(root, 'electron', 'cli', 'main.ts');
  }
  // Which code ran, for a developer asking why a start is slow (and for test/bench/suites/cli.ts).
  if (process.env.CARTWRIGHT_DEBUG) process.stderr.write(`cartwright: running ${stale ? `the sources through tsx: ${stale} (npm run build:cli)` : 'the bundle in dist/cli/'}\n`);
  const { run } = await import(pathToFileURL(entry).href);
  process.exitCode = await run(process.argv);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
