import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqliteNativeBinding } from '../../../electron/store/sqlite-addon.js';

const require = createRequire(import.meta.url);

describe('better-sqlite3’s addon, named outright (electron/store/sqlite-addon.ts)', () => {
  it('is the file better-sqlite3 would have found through bindings, and it opens a database', () => {
    const packageJson = require.resolve('better-sqlite3/package.json');
    const bindings = createRequire(packageJson)('bindings') as (options: { bindings: string; module_root: string; path: true }) => string;
    expect(sqliteNativeBinding()).toBe(bindings({ bindings: 'better_sqlite3.node', module_root: dirname(packageJson), path: true }));
    const db = new Database(':memory:', { nativeBinding: sqliteNativeBinding() });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
