/**
 * Starts test/bench/station-runner.ts as a separate process on a given cart and reads its
 * messages. Each child gets a fresh data directory holding the bench's one host identity, as a
 * station that has paired before keeps it ("persistent host identity"), already sealed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, type CartProcess } from './cart-process.js';
import { nowMs, removeDir, stopChild, track, trackDir, withTimeout } from './proc.js';
import { parseChildLine, type ChildMessage, type StationTask, type TaskResult } from './station-task.js';
import { BENCH_PLATFORM_THREADS_ENV, platformThreadCount } from './threads.js';
import { cpuProfArgs } from '../helpers/cpu-prof-args.js';

/** The headless station's key (CARTWRIGHT_SECRET_PASSPHRASE); context.ts seals the host identity with it. */
export const BENCH_SECRET_PASSPHRASE = 'bench passphrase';

let platformThreads: number | undefined;

export interface StationEnv {
  cart: CartProcess;
  /** host-identity.json as the station keeps it (sealed), from BenchContext. */
  hostIdentityFile: string;
}

export class StationChild {
  private readonly waiters = new Set<(m: ChildMessage) => boolean>();
  private stderr = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    /** Epoch ms just before spawn(), for spawn → ready. */
    readonly spawnedAtMs: number,
  ) {
    child.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-6000)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = parseChildLine(line);
      if (msg) for (const w of [...this.waiters]) if (w(msg)) this.waiters.delete(w);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(task: StationTask, env: StationEnv): StationChild {
    const dataDir = trackDir(mkdtempSync(join(tmpdir(), 'cw-bench-station-')));
    writeFileSync(join(dataDir, 'host-identity.json'), env.hostIdentityFile, { mode: 0o600 });
    const spawnedAtMs = nowMs();
    const child = spawn(process.execPath, [...cpuProfArgs('station'), '--import', 'tsx', join(ROOT, 'test/bench/station-runner.ts'), JSON.stringify(task), dataDir], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        USBMUXD_SOCKET_ADDRESS: env.cart.usbmuxd,
        // As bin/cartwright.cjs does: blocking libimobiledevice calls need more than libuv's 4 threads.
        UV_THREADPOOL_SIZE: '64',
        CARTWRIGHT_SECRET_PASSPHRASE: BENCH_SECRET_PASSPHRASE,
        // The station runner reads the cart's protocol counters around a batch (station-runner.ts).
        CARTWRIGHT_BENCH_CART_CONTROL: env.cart.control,
        // Measured once here rather than in every child's start-up (threads.ts).
        [BENCH_PLATFORM_THREADS_ENV]: String((platformThreads ??= platformThreadCount())),
      },
    });
    return new StationChild(track(child), dataDir, spawnedAtMs);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the first message `match` accepts; rejects on an error message, exit or timeout. */
  next<T extends ChildMessage>(match: (m: ChildMessage) => m is T, timeoutMs: number, what: string): Promise<T> {
    let waiter: ((m: ChildMessage) => boolean) | undefined;
    const found = new Promise<T>((resolve, reject) => {
      waiter = (m) => {
        if (m.bench === 'error') {
          reject(new Error(`station child: ${m.message}`));
          return true;
        }
        if (!match(m)) return false;
        resolve(m);
        return true;
      };
      this.waiters.add(waiter);
      void this.exited.then((code) => reject(new Error(`station child exited (${code}) before ${what}: ${this.stderr.slice(-2000)}`)));
    });
    return withTimeout(found, timeoutMs, `station child: ${what}`).finally(() => waiter && this.waiters.delete(waiter));
  }

  result(timeoutMs: number): Promise<TaskResult> {
    return this.next((m): m is Extract<ChildMessage, { bench: 'result' }> => m.bench === 'result', timeoutMs, 'its result').then((m) => m.result);
  }

  /** Asks a hotplug child to finish (it answers with its result). */
  requestStop(): void {
    this.child.stdin?.write('stop\n');
  }

  async dispose(): Promise<void> {
    await stopChild(this.child);
    removeDir(this.dataDir);
  }
}

/** Runs one task to its result, always cleaning up the child and its data directory. */
export async function runStationTask<R extends TaskResult>(task: StationTask, env: StationEnv, timeoutMs: number): Promise<R> {
  return (await runStationTaskTimed<R>(task, env, timeoutMs)).result;
}

/** As runStationTask, also saying when the child was spawned (epoch ms). */
export async function runStationTaskTimed<R extends TaskResult>(task: StationTask, env: StationEnv, timeoutMs: number): Promise<{ result: R; spawnedAtMs: number }> {
  const child = StationChild.start(task, env);
  try {
    const result = await child.result(timeoutMs);
    if (result.kind !== task.kind) throw new Error(`station child answered ${result.kind} to a ${task.kind} task`);
    return { result: result as R, spawnedAtMs: child.spawnedAtMs };
  } finally {
    await child.dispose();
  }
}
