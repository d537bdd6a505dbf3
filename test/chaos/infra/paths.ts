import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const CARTWRIGHT_BIN = join(REPO_ROOT, 'bin', 'cartwright.cjs');
export const ENROLL_PROFILE = join(REPO_ROOT, 'test/fixtures/profiles/mdm-enrollment.mobileconfig');

/** A unique temp directory per use: parallel runs (and the bench next door) never share one. */
export function freshDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `cw-chaos-${label}-`));
}
