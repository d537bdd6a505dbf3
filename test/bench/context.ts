/** What every suite is given: the options, the one host identity and supervision identity, a log. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostIdentity, fileHostIdentityStore } from '../../electron/device/index.js';
import { createSupervisionIdentity, identityToPkcs12 } from '../../electron/profiles/index.js';
import { PassphraseSecretBox } from '../../electron/store/secret-box.js';
import type { BenchOptions } from './options.js';
import { removeDir, trackDir } from './proc.js';
import { BENCH_SECRET_PASSPHRASE } from './station-child.js';

export interface BenchContext {
  opts: BenchOptions;
  /**
   * The one host identity's file as an installed station keeps it: private keys sealed with the
   * bench passphrase. Sealed once here so no station child pays first-install work (a scrypt).
   */
  hostIdentityFile: string;
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
    hostIdentityFile: await sealedHostIdentityFile(dir),
    p12,
    password,
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
    dispose: () => removeDir(dir),
  };
}

/** Writes a new host identity as a first-installed station would (plain, then sealed on first load). */
async function sealedHostIdentityFile(dir: string): Promise<string> {
  const path = join(dir, 'host-identity.json');
  writeFileSync(path, JSON.stringify(await createHostIdentity()), { mode: 0o600 });
  await fileHostIdentityStore(path, () => new PassphraseSecretBox(BENCH_SECRET_PASSPHRASE)).load();
  return readFileSync(path, 'utf8');
}
