import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store/store.js';
import { writeFileAtomic } from '../../../electron/profiles/atomic-file.js';

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('the data directory is private at every open', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('tightens an existing 0755 folder and 0644 database, -wal, -shm and sealed files', () => {
    root = mkdtempSync(join(tmpdir(), 'cw-modes-'));
    const dir = join(root, 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    // A database made by an older version (or restored from a backup) under a 022 umask.
    const old = new Database(join(dir, 'cartwright.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE leftover (x)');
    old.close();
    writeFileSync(join(dir, 'identity.json'), '{"sealed":"…"}', { mode: 0o644 });
    writeFileSync(join(dir, 'host-identity.json'), '{}', { mode: 0o644 });
    for (const f of ['cartwright.db', 'identity.json', 'host-identity.json']) chmodSync(join(dir, f), 0o644);
    expect(mode(dir)).toBe(0o755);
    expect(mode(join(dir, 'cartwright.db'))).toBe(0o644);

    const store = openStore(dir);
    try {
      store.settings.set('probe', 1);
      expect(mode(dir)).toBe(0o700);
      for (const f of ['cartwright.db', 'cartwright.db-wal', 'cartwright.db-shm', 'identity.json', 'host-identity.json', 'station.lock', 'station.lock.json']) expect(mode(join(dir, f)), f).toBe(0o600);
    } finally {
      store.close();
    }
  });

  it('creates a new database 0600 from the start, and atomic writes stay 0600 whatever the umask', () => {
    root = mkdtempSync(join(tmpdir(), 'cw-modes-'));
    const dir = join(root, 'fresh');
    const previous = process.umask(0o000);
    try {
      const store = openStore(dir);
      store.close();
      writeFileAtomic(join(dir, 'enrollment.json'), '{}');
    } finally {
      process.umask(previous);
    }
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'cartwright.db'))).toBe(0o600);
    expect(mode(join(dir, 'enrollment.json'))).toBe(0o600);
  });
});
