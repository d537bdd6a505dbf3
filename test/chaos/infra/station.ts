import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { track } from '../core/procs.js';
import { CARTWRIGHT_BIN, ENROLL_PROFILE, REPO_ROOT } from './paths.js';

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process is gone, however it ended. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>;
}

/** One station data directory driven through the real `cartwright` executable, as a technician would. */
export class StationDir {
  constructor(
    readonly root: string,
    readonly usbmuxd: string,
  ) {}

  get dataDir(): string {
    return join(this.root, 'data');
  }

  get env(): NodeJS.ProcessEnv {
    return { ...process.env, USBMUXD_SOCKET_ADDRESS: this.usbmuxd, CARTWRIGHT_DATA_DIR: this.dataDir, CARTWRIGHT_SECRET_PASSPHRASE: 'correct horse', UV_THREADPOOL_SIZE: '64' };
  }

  /** Starts `cartwright …` without waiting; the registry kills it if the run ends first. */
  spawn(args: string[]): CliRun {
    const t0 = Date.now();
    const child = track(spawn(process.execPath, [CARTWRIGHT_BIN, ...args], { cwd: REPO_ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 }));
      child.once('error', () => resolve({ code: -1, signal: null, stdout, stderr, ms: Date.now() - t0 }));
    });
    return { child, done };
  }

  /** Runs to completion within `timeoutMs` (SIGKILL after that; the caller sees signal SIGKILL). */
  async run(args: string[], timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number; timedOut: boolean }> {
    const r = this.spawn(args);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      r.child.kill('SIGKILL');
    }, timeoutMs);
    const out = await r.done;
    clearTimeout(timer);
    return { ...out, timedOut };
  }

  /** Reads the station's SQLite file read-only, as an auditor would (never while a writer could be mid-recovery: callers read between runs). */
  query<T>(sql: string, ...params: unknown[]): T[] {
    const file = join(this.dataDir, 'cartwright.db');
    if (!existsSync(file)) return [];
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  /** Seeds this directory from a calibrated template (slot layout, host identity): saves a CLI run per round. */
  seedFrom(templateDataDir: string): void {
    cpSync(templateDataDir, this.dataDir, { recursive: true, filter: (src) => !/station\.lock/.test(src) });
  }
}

export function prepareArgs(p12: string, extra: string[] = []): string[] {
  return ['prepare', '--all', '--identity', p12, '--password', 'pw', '--enroll-profile', ENROLL_PROFILE, '--enroll-mode', 'install', '--name-template', 'Cart A-{slot:2}', '--trust-timeout', '30', '--json', ...extra];
}

export function resumeArgs(p12: string, extra: string[] = []): string[] {
  return ['stage', '--resume', '--identity', p12, '--password', 'pw', '--json', ...extra];
}
