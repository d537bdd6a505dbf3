#!/usr/bin/env node
// The `cartwright` command.
//
// CommonJS on purpose: libuv sizes its thread pool (4 threads by default) once, when something
// first uses it. Node reads an ES module entry with asynchronous file reads, which start the pool
// before the module's first line runs; a CommonJS entry is read synchronously, so this assignment
// comes first (test/integration/cli-bin.test.ts counts the threads). Device calls no longer use
// that pool (the addon has its own threads, native/src/executor.h); fs and crypto (key generation,
// scrypt, static files) still do, and a burst of them across a cart should not queue behind 4.
process.env.UV_THREADPOOL_SIZE ??= '64';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file, for the reason above */

// Which code runs: the bundle in dist/cli/ (built by `npm ci`'s postinstall, `npm run build:cli`
// and `npm run build`: scripts/build-cli.mjs) when it is current, because transpiling the sources
// through tsx costs about a second at every start; otherwise the TypeScript sources through tsx.
// "Current" means build-cli.mjs left its stamp and none of the bundle's inputs changed since that
// build started: the source files it was made from and their folders (the stamp lists them, so
// this is one stat each and no folder listing), the build script, the tsconfig and
// node_modules. So a developer's edit, and the tests that spawn this file (test/helpers/cli.ts),
// never run code older than the sources; `npm run build:cli` brings the fast start back, and
// CARTWRIGHT_DEBUG=1 says which code ran and why. The bundle is loaded through V8's code cache
// (bin/load-bundle.cjs).
//
// require(), not import(), for everything on the bundle's path: import() would start Node's ES
// module loader, a few milliseconds of a start that never needs it.
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const debug = Boolean(process.env.CARTWRIGHT_DEBUG);

// What else the bundle was made from: how it is built, the compiler settings, and the installed
// packages it bundles (npm rewrites node_modules/.package-lock.json on every install). Absent
// ones are skipped.
const otherInputs = [join('scripts', 'build-cli.mjs'), 'tsconfig.main.json', 'tsconfig.base.json', join('node_modules', '.package-lock.json')];

/** The build stamp, or why the bundle cannot run (a sentence). Keep in step with build-cli.mjs. */
function readStamp() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'build-stamp.json'), 'utf8'));
  } catch {
    return { stale: 'dist/cli/ has no build stamp (never built, or the build was interrupted)' };
  }
  const { startedAtMs, bundleHash, sources } = stamp ?? {};
  const listed = (list) => Array.isArray(list) && list.every((p) => typeof p === 'string');
  if (typeof startedAtMs !== 'number' || typeof bundleHash !== 'string' || !listed(sources?.folders) || !listed(sources?.files)) {
    return { stale: 'dist/cli/build-stamp.json is not a stamp of this version (rebuild)' };
  }
  return { startedAtMs, bundleHash, inputs: [...otherInputs, ...sources.folders, ...sources.files] };
}

/** Why the bundle cannot run (a sentence), or undefined when it is current. */
function staleReason(stamp) {
  if (stamp.stale) return stamp.stale;
  for (const input of stamp.inputs) {
    // Concatenated, not join()ed: normalizing 300 paths costs more than stat-ing them.
    const stat = statSync(`${root}/${input}`, { throwIfNoEntry: false });
    // A source that is gone changed too (an optional other input may be absent).
    if (stat ? stat.mtimeMs >= stamp.startedAtMs : !otherInputs.includes(input)) return `${join(root, input)} changed after dist/cli/ was built`;
  }
  return undefined;
}

async function main() {
  const stamp = readStamp();
  const stale = staleReason(stamp);
  // Which code ran, for a developer asking why a start is slow (and for test/bench/suites/cli.ts).
  if (debug) process.stderr.write(`cartwright: running ${stale ? `the sources through tsx: ${stale} (npm run build:cli)` : 'the bundle in dist/cli/'}\n`);
  if (stale) {
    const { register } = await import('tsx/esm/api');
    register();
    const { pathToFileURL } = require('node:url');
    const { run } = await import(pathToFileURL(join(root, 'electron', 'cli', 'main.ts')).href);
    process.exitCode = await run(process.argv);
    return;
  }
  const { loadBundle, loadBundleWithNodeCache } = require('./load-bundle.cjs');
  const dir = join(root, 'dist', 'cli');
  const bundle = loadBundleWithNodeCache(dir) ?? loadBundle(dir, stamp.bundleHash);
  // Once the command is done, however it ends (some end through process.exit).
  process.once('exit', () => {
    if (debug) process.stderr.write(`cartwright: ${bundle.report()}\n`);
    const written = bundle.writeCaches();
    if (debug && written) process.stderr.write(`cartwright: ${written}\n`);
  });
  process.exitCode = await bundle.main.run(process.argv);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
