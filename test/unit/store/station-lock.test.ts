import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore, StationLock, StationLockedError } from '../../../electron/store/index.js';
import { tempDir } from './helpers.js';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const HOLDER = join(REPO_ROOT, 'test/unit/store/fixtures/hold-station-lock.ts');

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts a separate station process on dataDir and resolves once it holds the lock. */
function spawnHolder(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolveReady, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('holding')) resolveReady(child);
    });
    child.once('exit', (code) => reject(new Error(`holder exited early (${code}): ${stderr}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));
}

function openError(dataDir: string): unknown {
  try {
    openStore(dataDir).close();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('single-station lock', () => {
  it('refuses a second station process with a message naming the holder PID', async () => {
    const dataDir = tempDir();
    const holder = await spawnHolder(dataDir);
    const error = openError(dataDir);
    expect(error).toBeInstanceOf(StationLockedError);
    const locked = error as StationLockedError;
    expect(locked.code).toBe('STATION_LOCKED');
    expect(locked.holderPid).toBe(holder.pid);
    expect(locked.message).toContain(`PID ${holder.pid}`);
    expect(locked.message).toContain(dataDir);
    expect(locked.message).toMatch(/--data-dir/);
  });

  it('is released by the operating system when the holder is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const holder = await spawnHolder(dataDir);
    expect(openError(dataDir)).toBeInstanceOf(StationLockedError);
    holder.kill('SIGKILL');
    await exited(holder);
    // The holder could not clean up its PID note; that must not matter.
    expect(existsSync(join(dataDir, StationLock.HOLDER_FILE))).toBe(true);
    const store = openStore(dataDir);
    expect(store.isOpen).toBe(true);
    store.close();
  });

  it('refuses a second open inside the same process too, and frees the lock on close', () => {
    const dataDir = tempDir();
    const first = openStore(dataDir);
    const error = openError(dataDir);
    expect(error).toMatchObject({ code: 'STATION_LOCKED', holderPid: process.pid });
    first.close();
    expect(existsSync(join(dataDir, StationLock.HOLDER_FILE))).toBe(false);
    const second = openStore(dataDir);
    second.close();
  });

  it('ignores a stale PID note left by a dead process', () => {
    const dataDir = tempDir();
    const note = join(dataDir, StationLock.HOLDER_FILE);
    writeFileSync(note, JSON.stringify({ pid: 999_999, host: 'elsewhere' }));
    const store = openStore(dataDir);
    expect(store.isOpen).toBe(true);
    // The note now names this process, so the next refusal points at the real holder…
    expect(JSON.parse(readFileSync(note, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(openError(dataDir)).toMatchObject({ code: 'STATION_LOCKED', holderPid: process.pid });
    store.close();
    // …and closing removes it, rather than leaving the stale one behind.
    expect(existsSync(note)).toBe(false);
  });

  it('can be taken and released directly, refusing a second taker meanwhile', () => {
    const dataDir = tempDir();
    const lock = StationLock.acquire(dataDir);
    expect(lock.held).toBe(true);
    expect(() => StationLock.acquire(dataDir)).toThrow(StationLockedError);
    lock.release();
    expect(lock.held).toBe(false);
    StationLock.acquire(dataDir).release();
  });

  it('gives the lock back when the database cannot be opened', () => {
    const dataDir = tempDir();
    openStore(dataDir).close();
    const raw = new Database(join(dataDir, DATABASE_FILE));
    raw.pragma('user_version = 999');
    raw.close();
    expect(openError(dataDir)).toMatchObject({ code: 'SCHEMA_TOO_NEW' });
    // Still SCHEMA_TOO_NEW, not STATION_LOCKED: the failed open did not keep the lock.
    expect(openError(dataDir)).toMatchObject({ code: 'SCHEMA_TOO_NEW' });
  });
});
