// `npm start`: launch the Electron desktop app, or say plainly what is missing instead of a stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findElectronBinary } from '../electron/platform/electron-binary.js';

const bin = findElectronBinary();
if (!bin.present) {
  console.error(
    [
      'cartwright: cannot start the desktop app — ' + bin.reason + '.',
      '  To get it: ' + bin.remedy,
      '  Without Electron, run the same station headless: npx cartwright serve (browser UI) or npm run demo.',
    ].join('\n'),
  );
  process.exit(1);
}
const main = 'dist/electron/shell/main.js';
if (!existsSync(main)) {
  console.error(`cartwright: the desktop app is not built (${main} is missing). Run: npm run build, then npm start.`);
  process.exit(1);
}
const child = spawn(bin.path, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
