import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Where `npm ci` (scripts/build-native.mjs) leaves the compiled addon. */
export function nativeAddonPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // electron/platform → repo root (sources run through tsx; dist/ mirrors the same depth + 1)
  const root = here.includes(`${'/dist/'}`) ? join(here, '..', '..', '..') : join(here, '..', '..');
  return join(root, 'native', 'build', 'Release', 'cartwright_native.node');
}
