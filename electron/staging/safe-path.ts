import { closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { StagingError } from './device-port.js';

/**
 * Files named from data (a device's serial in a hand-off sheet's name) must land in the folder the
 * technician chose: a name that is not one plain file name (`../x`, `/etc/x`, `a/b`, NUL) is refused.
 */
export function pathInside(dir: string, fileName: string): string {
  const root = resolve(dir);
  const target = resolve(root, fileName);
  const rel = relative(root, target);
  const plain = fileName.length > 0 && basename(fileName) === fileName && !fileName.includes('\0') && fileName !== '.' && fileName !== '..';
  if (!plain || rel !== fileName || isAbsolute(rel)) {
    throw new StagingError('INVALID_INPUT', `Refusing to write "${fileName}": a file name from device or station data must stay inside ${root}.`, 'Check the device’s serial number; the station writes only plain file names into the chosen folder.');
  }
  return target;
}

// O_NOFOLLOW: a symbolic link planted under the expected name must not redirect the write (absent on Windows).
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

/** Creates `dir` if needed and writes `fileName` inside it; returns the full path written. */
export function writeFileInside(dir: string, fileName: string, data: Buffer | string, mode = 0o600): string {
  const target = pathInside(dir, fileName);
  mkdirSync(resolve(dir), { recursive: true, mode: 0o700 });
  const fd = openSync(target, WRITE_FLAGS, mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
  } finally {
    closeSync(fd);
  }
  return target;
}
