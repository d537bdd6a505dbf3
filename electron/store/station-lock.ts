import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { StationLockedError } from './errors.js';
import { sqliteNativeBinding } from './sqlite-addon.js';

/**
 * One station per data directory.
 *
 * Why a lock held by the operating system rather than a PID file: a PID file needs a liveness
 * check to detect a stale lock after SIGKILL or a crash, and that check is wrong whenever the PID
 * has been reused (common after a reboot), can race between two starters, and cannot tell a live
 * process on another host sharing the directory. An OS file lock has none of these problems: the
 * kernel drops it the moment the holder dies, however it dies.
 *
 * Node has no portable flock(), but SQLite does: its VFS uses fcntl() locks on POSIX and
 * LockFileEx() on Windows, both released by the OS when the process exits, is killed, or crashes.
 * So the lock is a tiny side database (`station.lock`) put into `locking_mode = EXCLUSIVE` and
 * written once; SQLite then holds an exclusive lock on it until this connection closes. A second
 * process (or a second open in this process — SQLite tracks that too) gets SQLITE_BUSY at once.
 *
 * Why a side file and not `locking_mode = EXCLUSIVE` on the main database: that would also shut
 * out read-only tools (a backup, the SQLite shell, support diagnostics) and drop WAL's shared
 * memory, and a failed open would wait for busy_timeout instead of failing immediately.
 *
 * The holder's PID is written next to it (`station.lock.json`) purely for the error message; it is
 * never used to decide whether the lock is held, so a stale copy after SIGKILL is harmless and
 * simply overwritten by the next holder.
 */
export class StationLock {
  private constructor(
    readonly dataDir: string,
    private connection: Database.Database | undefined,
    private readonly holderFile: string,
  ) {}

  static readonly LOCK_FILE = 'station.lock';
  static readonly HOLDER_FILE = 'station.lock.json';

  /** Takes the lock or throws StationLockedError naming the process that has it. */
  static acquire(dataDir: string): StationLock {
    mkdirSync(dataDir, { recursive: true });
    const holderFile = join(dataDir, StationLock.HOLDER_FILE);
    const connection = new Database(join(dataDir, StationLock.LOCK_FILE), { timeout: 0, nativeBinding: sqliteNativeBinding() });
    try {
      connection.pragma('locking_mode = EXCLUSIVE');
      // The journal's content is irrelevant for a lock; keeping it in memory leaves no extra files.
      connection.pragma('journal_mode = MEMORY');
      // Nor does the row need to survive a power cut (the lock is the OS's, not the row): no fsync,
      // which cost every start one to several milliseconds on a busy disk.
      connection.pragma('synchronous = OFF');
      connection.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
      // The write is what makes SQLite take — and, in EXCLUSIVE mode, keep — the exclusive lock.
      connection.exec(`DELETE FROM holder; INSERT INTO holder (pid) VALUES (${process.pid})`);
    } catch (error) {
      connection.close();
      if (isBusy(error)) throw lockedError(dataDir, holderFile);
      throw error;
    }
    const holder: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    writeFileSync(holderFile, `${JSON.stringify(holder)}\n`);
    return new StationLock(dataDir, connection, holderFile);
  }

  get held(): boolean {
    return this.connection !== undefined;
  }

  release(): void {
    if (!this.connection) return;
    if (readHolder(this.holderFile)?.pid === process.pid) rmSync(this.holderFile, { force: true });
    this.connection.close();
    this.connection = undefined;
  }
}

const holderSchema = z.object({ pid: z.number().int(), host: z.string().optional(), since: z.string().optional() });
type Holder = z.infer<typeof holderSchema>;

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function lockedError(dataDir: string, holderFile: string): StationLockedError {
  // The holder writes its PID just after taking the lock; a starter racing it may find no file yet.
  const holder = readHolder(holderFile);
  return new StationLockedError(dataDir, holder?.pid, holder?.host, holder?.since);
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_BUSY');
}
