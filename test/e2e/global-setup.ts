import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = process.cwd();
const SOURCES = ['renderer', 'electron/api', 'vite.config.ts'];

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((e) => newest(join(path, e))));
}

/** Builds the screens once when dist/renderer is missing or older than its sources. */
export default function setup(): void {
  const built = join(ROOT, 'dist', 'renderer', 'index.html');
  const stale = !existsSync(built) || SOURCES.some((p) => newest(join(ROOT, p)) > statSync(built).mtimeMs);
  // vitest sets NODE_ENV=test, which would make Vite bundle React's slow development build: the
  // benchmark and a person opening dist/renderer afterwards must get the production one.
  if (stale) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
