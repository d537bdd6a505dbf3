import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * Where `npm ci` (scripts/build-native.mjs) leaves the compiled addon: native/ at the package
 * root, found by walking up from this file, which sits at a different depth in the sources
 * (electron/platform/), tsc's dist/electron/platform/ and the CLI bundle (dist/cli/).
 */
export function nativeAddonPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'native'))) return join(dir, 'native', 'build', 'Release', 'cartwright_native.node');
    dir = dirname(dir);
  }
  return join(here, '..', '..', 'native', 'build', 'Release', 'cartwright_native.node');
}
