import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * better-sqlite3's compiled addon, for its `nativeBinding` option (every `new Database` here).
 *
 * Why: left to itself, better-sqlite3 asks the `bindings` package, which finds the package from a
 * stack trace and then `require`s candidate paths until one loads, each miss a thrown and caught
 * resolution error: a few milliseconds of every start of `cartwright devices`. The paths are
 * looked at here in bindings' own order (build/, build/Debug/, build/Release/: where node-gyp,
 * `npm ci` and electron-rebuild put it), so the same file loads; an addon anywhere else of
 * bindings' list is still found by bindings, told the package's folder (the CLI bundle carries
 * better-sqlite3's JavaScript, so bindings could not find that folder from the stack).
 */
let addon: string | null | undefined;

/** The addon's path; undefined leaves the search to better-sqlite3 (only if this one failed). */
export function sqliteNativeBinding(): string | undefined {
  if (addon === undefined) {
    try {
      addon = findAddon();
    } catch {
      // better-sqlite3's own search then fails with its own error, or finds what this could not.
      addon = null;
    }
  }
  return addon ?? undefined;
}

function findAddon(): string {
  const packageJson = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  const root = dirname(packageJson);
  for (const folder of [['build'], ['build', 'Debug'], ['build', 'Release']]) {
    const file = join(root, ...folder, 'better_sqlite3.node');
    if (existsSync(file)) return file;
  }
  // `path: true`: bindings names the file it would load (better-sqlite3 loads it), or throws its own
  // error listing every place it tried.
  const bindings = createRequire(packageJson)('bindings') as (options: { bindings: string; module_root: string; path: true }) => string;
  return bindings({ bindings: 'better_sqlite3.node', module_root: root, path: true });
}
