/** What every suite is given: the options, the one host identity and supervision identity, a log. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostIdentity, type HostIdentity } from '../../electron/device/index.js';
import { createSupervisionIdentity, identityToPkcs12 } from '../../electron/profiles/index.js';
import type { BenchOptions } from './options.js';
import { removeDir, trackDir } from './proc.js';

export interface BenchContext {
  opts: BenchOptions;
  hostIdentity: HostIdentity;
  /** Supervision identity for Prepare (PKCS#12 file). */
  p12: string;
  password: string;
  /** Progress for people, on stderr (stdout carries the JSON with --json). */
  log(line: string): void;
  dispose(): void;
}

export async function createContext(opts: BenchOptions): Promise<BenchContext> {
  const dir = trackDir(mkdtempSync(join(tmpdir(), 'cw-bench-')));
  const password = 'bench';
  const supervision = await createSupervisionIdentity({ organization: 'Bench Schools', keyType: 'rsa2048', years: 1 });
  const p12 = join(dir, 'bench.p12');
  writeFileSync(p12, identityToPkcs12(supervision, { password, encryption: '3des' }), { mode: 0o600 });
  return {
    opts,
    hostIdentity: await createHostIdentity(),
    p12,
    password,
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
    dispose: () => removeDir(dir),
  };
}
