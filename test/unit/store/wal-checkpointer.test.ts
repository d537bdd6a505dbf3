import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore } from '../../../electron/store/index.js';

const PAGE = 4096;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-wal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const walBytes = () => statSync(join(dir, `${DATABASE_FILE}-wal`)).size;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background WAL checkpoints', () => {
  it('keep the log short while the station commits, without the committing thread checkpointing, and lose nothing', async () => {
    const store = openStore(dir, { secretBox: () => null });
    store.checkpointInBackground();
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    store.db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = store.db.prepare('INSERT INTO notes (body) VALUES (?)');
    // About 6000 pages in small commits, in bursts as staging writes them: more than SQLite's
    // own 1000-page threshold, far less than the fallback's.
    for (let burst = 0; burst < 60; burst++) {
      for (let i = 0; i < 50; i++) insert.run('x'.repeat(3_000));
      await pause(20);
    }
    await pause(400);
    insert.run('last'); // the first commit after a complete checkpoint starts the log over
    // Frames in the log now: without the worker the ~6000 pages would all still be there (SQLite's
    // own checkpoint waits for 10 000); the worker checkpointed them and the log started over.
    const [log] = store.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    expect(log!.log).toBeLessThan(100);
    expect(walBytes()).toBeLessThan(10_000 * PAGE);
    await store.stopBackgroundCheckpoints();
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    store.close();
    // The last connection to close folds the log in and removes it, as without the worker.
    expect(existsSync(join(dir, `${DATABASE_FILE}-wal`))).toBe(false);
    const reopened = openStore(dir, { secretBox: () => null });
    expect(reopened.db.prepare('SELECT COUNT(*) AS n FROM notes').get()).toEqual({ n: 3_001 });
    reopened.close();
  });

  it('stops cleanly when the store closes without waiting for it', async () => {
    const store = openStore(dir, { secretBox: () => null });
    store.checkpointInBackground();
    store.checkpointInBackground(); // one worker per store
    store.close();
    await store.stopBackgroundCheckpoints();
    const reopened = openStore(dir, { secretBox: () => null });
    expect(reopened.isOpen).toBe(true);
    reopened.close();
  });
});
