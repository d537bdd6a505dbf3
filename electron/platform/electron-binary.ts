import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary =
  | { present: true; path: string }
  | { present: false; reason: string; remedy: string };

/**
 * Finds the Electron binary without loading the `electron` module (only the shell may import it):
 * the npm package records the downloaded executable's relative path in `path.txt`.
 */
export function findElectronBinary(): ElectronBinary {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { present: false, reason: 'the electron package is not installed', remedy: 'run npm ci' };
  }
  const remedy =
    `fetch it with "node ${join(pkgDir, 'install.js')}" on a machine that can reach Electron's download ` +
    'mirror (or set ELECTRON_MIRROR / place the binary under node_modules/electron/dist). ' +
    'Everything else — cartwright serve, the CLI, the demo — runs without it.';
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { present: false, reason: 'the Electron binary was not downloaded (its install step is skipped here)', remedy };
  const exe = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(exe)) return { present: false, reason: `the Electron binary is missing at ${exe}`, remedy };
  return { present: true, path: exe };
}
