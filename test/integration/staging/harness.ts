import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CartDaemon, type CartOptions } from '../../helpers/cart-daemon.js';
import { runCli, type CliResult } from '../../helpers/cli.js';

export const ENROLL_PROFILE = join(process.cwd(), 'test/fixtures/profiles/mdm-enrollment.mobileconfig');

/** A virtual cart daemon, a fresh station data directory and a supervision identity (.p12). */
export class StationHarness {
  readonly cart: CartDaemon;
  readonly dir = mkdtempSync(join(tmpdir(), 'cw-stage-'));
  readonly p12 = join(this.dir, 'acme.p12');

  constructor(options: Omit<CartOptions, 'transport'> & { transport?: CartOptions['transport'] }) {
    this.cart = new CartDaemon({ transport: 'tcp', ...options });
  }

  get env(): NodeJS.ProcessEnv {
    return { USBMUXD_SOCKET_ADDRESS: this.cart.usbmuxd, CARTWRIGHT_ACTIVATION_URL: this.cart.activation, CARTWRIGHT_DATA_DIR: join(this.dir, 'data'), CARTWRIGHT_SECRET_PASSPHRASE: 'correct horse' };
  }

  async start(rows = 4, columns = 8): Promise<void> {
    await this.cart.start();
    const id = await this.cli(['identity', 'create', '--org', 'Acme Schools', '--out', this.p12, '--password', 'pw', '--json']);
    if (id.code !== 0) throw new Error(`identity create failed: ${id.stdout}${id.stderr}`);
    const slots = await this.cli(['slots', 'calibrate', '--name', 'Cart A', '--rows', String(rows), '--columns', String(columns), '--auto', '--json']);
    if (slots.code !== 0) throw new Error(`slots calibrate failed: ${slots.stdout}${slots.stderr}`);
  }

  cli(args: string[], timeoutMs = 240_000): Promise<CliResult> {
    return runCli(args, this.env, timeoutMs);
  }

  /** Starts the CLI without waiting (for kill -9 tests). */
  spawnCli(args: string[]): ChildProcess {
    return spawn(process.execPath, [join(process.cwd(), 'bin', 'cartwright.cjs'), ...args], { env: { ...process.env, ...this.env }, stdio: 'ignore' });
  }

  prepareArgs(extra: string[] = []): string[] {
    return ['prepare', '--all', '--identity', this.p12, '--password', 'pw', '--enroll-profile', ENROLL_PROFILE, '--enroll-mode', 'install', '--name-template', 'Cart A-{slot:2}', '--trust-timeout', '5', '--json', ...extra];
  }

  /** Reads the station's own SQLite file (read-only), as an auditor would. */
  query<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(join(this.dir, 'data', 'cartwright.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  async dispose(): Promise<void> {
    await this.cart.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * `prepare --json` streams NDJSON, one object per line, and its last line is the batch summary;
 * this reads that line (and checks every line before it is JSON too).
 */
export function prepareSummary(stdout: string): PrepareJson {
  const lines = stdout.split('\n').filter((l) => l.trim());
  const records = lines.map((l) => JSON.parse(l) as { type?: string });
  const last = records.at(-1);
  if (last?.type !== 'batch-summary') throw new Error(`prepare --json did not end with its batch summary:\n${stdout.slice(-2000)}`);
  return last as unknown as PrepareJson;
}

export interface PrepareJson {
  batchId: string;
  jobs: { udid: string; state: string; slot: number | null; error: { code: string; message: string; remedy?: string } | null; steps: { name: string; state: string; attempts: number }[] }[];
}
