#!/usr/bin/env node
// Builds the libimobiledevice addon in native/ during `npm ci`.
// Install must not die with a compiler stack trace when the system libraries are missing:
// we say exactly what to install, and only fail when --required (npm run build:native).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'native');
const required = process.argv.includes('--required');
const LIBS = ['libimobiledevice-1.0', 'libusbmuxd-2.0', 'libplist-2.0'];

function fail(message) {
  console.error(`\ncartwright: native addon not built.\n${message}\n`);
  process.exit(required ? 1 : 0);
}

if (!existsSync(join(nativeDir, 'binding.gyp'))) process.exit(0);

const pkg = spawnSync('pkg-config', ['--exists', ...LIBS]);
if (pkg.error || pkg.status !== 0) {
  fail(
    `The system libraries ${LIBS.join(', ')} (and pkg-config) were not found.\n` +
      'Debian/Ubuntu: sudo apt-get install -y pkg-config libimobiledevice-dev libusbmuxd-dev libplist-dev\n' +
      'Fedora: sudo dnf install pkgconf libimobiledevice-devel\n' +
      'macOS: brew install pkg-config libimobiledevice\n' +
      'Then run: npm run build:native',
  );
}

const require = createRequire(import.meta.url);
let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  fail('node-gyp is missing from node_modules; run npm ci first.');
}
const r = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: nativeDir, stdio: 'inherit' });
if (r.status !== 0) fail('node-gyp rebuild failed in native/ (see the compiler output above).');
