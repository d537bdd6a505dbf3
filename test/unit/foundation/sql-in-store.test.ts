import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// "SQL only in electron/store/" is a lint rule: outside the store nobody imports better-sqlite3,
// prepares a statement or touches the raw handle; they call a repository. These cases prove each
// part fires, using the project's real eslint.config.js on virtual files.
const eslint = new ESLint({ cwd: process.cwd() });

async function sqlErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

// The shape mdm/mdm-devices.ts had before its SQL moved into store/repos/mdm-devices-repo.ts.
const REPOSITORY_OUTSIDE_STORE = `import type { Store } from '../store/index.js';
export function get(store: Store, serial: string): unknown {
  return store.db.prepare('SELECT * FROM mdm_devices WHERE serial = ?').get(serial);
}
`;

describe('SQL only in electron/store/', () => {
  it('rejects a repository written outside the store (the old mdm/mdm-devices.ts)', async () => {
    const errors = await sqlErrors('electron/mdm/mdm-devices.ts', REPOSITORY_OUTSIDE_STORE);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const message of errors) expect(message).toMatch(/SQL lives only in electron\/store\//);
  });

  it('allows the same code inside the store', async () => {
    expect(await sqlErrors('electron/store/repos/mdm-devices-repo.ts', REPOSITORY_OUTSIDE_STORE)).toEqual([]);
  });

  it('rejects importing better-sqlite3 outside the store, types included, in every folder', async () => {
    for (const folder of ['station', 'mdm', 'staging', 'cli', 'server', 'shell', 'device', 'profiles']) {
      const errors = await sqlErrors(`electron/${folder}/x.ts`, "import type Database from 'better-sqlite3';\nexport type D = Database.Database;\n");
      expect(errors, folder).toHaveLength(1);
      expect(errors[0]).toMatch(/SQL lives only in electron\/store\//);
    }
    expect(await sqlErrors('electron/device/transport.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n")).toHaveLength(1);
    expect(await sqlErrors('electron/store/database.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n")).toEqual([]);
  });

  it('rejects preparing statements, pragmas and the raw handle outside the store', async () => {
    expect(await sqlErrors('electron/station/x.ts', 'export const f = (db: { prepare(s: string): unknown }) => db.prepare("SELECT 1");\n')).toHaveLength(1);
    expect(await sqlErrors('electron/cli/x.ts', 'export const f = (db: { pragma(s: string): unknown }) => db.pragma("journal_mode");\n')).toHaveLength(1);
    expect(await sqlErrors('electron/station/x.ts', 'export const f = (store: { db: unknown }) => store.db;\n')).toHaveLength(1);
  });

  it('leaves RegExp#exec and other look-alikes alone', async () => {
    expect(await sqlErrors('electron/mdm/x.ts', 'export const m = /a(b)/.exec("ab");\n')).toEqual([]);
  });

  it('still applies the older arrows next to the SQL rule (no electron in the core, addon only in transport)', async () => {
    expect(await sqlErrors('electron/mdm/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await sqlErrors('electron/mdm/x.ts', "import a from '../../native/index.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await sqlErrors('electron/shell/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await sqlErrors('electron/device/transport.ts', "import a from '../../native/index.js';\nexport const b = a;\n")).toEqual([]);
  });
});
