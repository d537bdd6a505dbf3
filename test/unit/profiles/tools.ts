import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Real openssl and python3 judge what we produce; nothing here re-implements their checks. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'cartwright-profiles-'));
}

export function writeScratch(dir: string, name: string, data: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

export function openssl(args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync('openssl', args);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** The embedded content `openssl cms -verify -noverify` prints, or throws with openssl's complaint. */
export function opensslCmsContent(signedPath: string): Buffer {
  const r = openssl(['cms', '-verify', '-inform', 'DER', '-in', signedPath, '-noverify', '-binary']);
  if (r.status !== 0) throw new Error(`openssl cms -verify failed: ${r.stderr}`);
  return r.stdout;
}

/** Parse with Python's plistlib and return it as JSON (data as base64), or throw with Python's error. */
export function pythonPlist(path: string): Record<string, unknown> {
  const script = [
    'import plistlib, json, sys, base64, datetime',
    'def enc(o):',
    '    if isinstance(o, bytes): return base64.b64encode(o).decode()',
    '    if isinstance(o, datetime.datetime): return o.isoformat()',
    '    raise TypeError(type(o))',
    'print(json.dumps(plistlib.load(open(sys.argv[1], "rb")), default=enc))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, path]);
  if (r.status !== 0) throw new Error(`plistlib failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString()) as Record<string, unknown>;
}
