import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The architecture's arrows are lint rules; these cases prove each one fires on a wrong import
// and stays quiet on the allowed direction, using the project's real eslint.config.js.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture import rules', () => {
  it('forbids importing electron outside electron/shell', async () => {
    const messages = await restrictedImports('electron/station/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/Only electron\/shell\/ may import electron/);
  });

  it('allows electron/shell to import electron', async () => {
    expect(await restrictedImports('electron/shell/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('forbids loading the native addon anywhere but the device transport', async () => {
    const code = "import addon from '../../native/index.js';\nexport const a = addon;\n";
    expect(await restrictedImports('electron/device/watcher.ts', code)).toHaveLength(1);
    expect(await restrictedImports('electron/staging/runner.ts', "import a from '../native/build/Release/cartwright_native.node';\nexport const b = a;\n")).toHaveLength(1);
    expect(await restrictedImports('electron/device/transport.ts', code)).toEqual([]);
  });

  it('lets the renderer import only electron/api from electron/', async () => {
    const bad = "import { Station } from '../../electron/station/station.js';\nexport const s = Station;\n";
    const good = "import type { DeviceSummary } from '../../electron/api/index.js';\nexport type D = DeviceSummary;\n";
    expect(await restrictedImports('renderer/src/App.tsx', bad)).toHaveLength(1);
    expect(await restrictedImports('renderer/src/App.tsx', good)).toEqual([]);
  });

  it('keeps Node built-ins and electron out of the sandboxed renderer', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n")).toHaveLength(1);
  });
});
