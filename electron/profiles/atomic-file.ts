import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Write via a temporary file and rename, so a crash never leaves half a secret or half a profile. */
export function writeFileAtomic(path: string, data: Buffer | string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode });
  // The mode given to writeFileSync applies only to a new file and passes through the umask.
  if (process.platform !== 'win32') chmodSync(temporary, mode);
  renameSync(temporary, path);
}
