import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data directory holds the database (users, PIN hashes, the audit log) and sealed secrets: only
 * this account may read it. mkdir's mode applies only to a folder it creates, so an existing folder
 * (made by an older version, a restore, a careless umask) is tightened at every open. Windows has
 * no such bits; its per-user profile folders already keep other users out.
 */
const POSIX = process.platform !== 'win32';
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export function securePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (POSIX) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** 0600 on a file if it exists (symlinks are left alone: chmod would follow them out of the folder). */
export function securePrivateFile(path: string): void {
  if (!POSIX) return;
  try {
    if (lstatSync(path).isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Every regular file directly in the folder: the database and its -wal/-shm, the lock, sealed identities. */
export function securePrivateFiles(dir: string): void {
  if (!POSIX) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) securePrivateFile(join(dir, entry.name));
}

/** Creates an empty file as 0600 so whatever opens it next (SQLite) never sees it readable by others. */
export function createPrivateFile(path: string): void {
  if (existsSync(path)) return;
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  securePrivateFile(path);
}
