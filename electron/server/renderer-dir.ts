import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built screens (dist/renderer at the package root), found from this file in sources and in dist/. */
export function rendererDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'electron'))) return join(dir, 'dist', 'renderer');
    dir = dirname(dir);
  }
  return join(process.cwd(), 'dist', 'renderer');
}
