/**
 * The station's CPU split by thread kind, from /proc/<pid>/task/<tid>/stat, so the bench can say
 * whether a cost is JavaScript, work on libuv's pool, or threads of the native code (the addon's device-call threads, libusbmuxd's).
 *
 * Node 20 names every thread "node" (comm), so threads are told apart by when they appeared:
 * V8's platform threads exist before any JavaScript runs (a bare `node -e` counts them), libuv's
 * pool is created all at once (UV_THREADPOOL_SIZE threads) on the first async fs/crypto/addon
 * call, and every thread created after the station runner's module started is one the station's
 * native code made (libusbmuxd's event thread, libimobiledevice's). Threads that ended before a
 * sample are only visible in the process total: reported as "exited".
 *
 * Per-thread time comes from /proc/<pid>/task/<tid>/schedstat (nanoseconds on CPU), not the
 * 10 ms clock ticks of .../stat, whose rounding over ~70 threads would otherwise show up as
 * "exited"; the process total from getrusage (process.cpuUsage()), on the same scheduler clock.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';

const CLOCK_TICKS = 100; // USER_HZ on Linux

export type ThreadKind = 'main' | 'pool' | 'native' | 'platform';

export interface CpuSplit {
  /** The event-loop thread: JavaScript, and native calls it makes synchronously. */
  main: number;
  /** libuv's pool: fs, Node's crypto (pairing and CMS signatures), zlib. The addon's device calls run on threads of its own (native). */
  pool: number;
  /** Threads the native code started: the addon's device-call threads (cw-device), libusbmuxd's event thread. */
  native: number;
  /** V8's platform (GC, compiler) and start-up threads (the tsx loader's worker). */
  platform: number;
  /** Threads that ended between the samples. */
  exited: number;
  total: number;
}

export interface ThreadSample {
  /** tid → CPU ms so far. */
  threads: Map<number, number>;
  /** The whole process, exited threads included. */
  processMs: number;
}

function ticksOf(stat: string): number {
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function listTids(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`)
    .map(Number)
    .filter(Number.isInteger)
    .sort((a, b) => a - b);
}

function threadCpuMs(pid: number, tid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    // No schedstat (a kernel without CONFIG_SCHED_INFO): the clock ticks of stat.
    return (ticksOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')) * 1000) / CLOCK_TICKS;
  }
}

/** This process's threads (or another's, with a tick-precision total). */
export function sampleThreads(pid = process.pid): ThreadSample {
  const threads = new Map<number, number>();
  for (const tid of listTids(pid)) {
    try {
      threads.set(tid, threadCpuMs(pid, tid));
    } catch {
      // The thread ended while we listed the directory.
    }
  }
  const self = process.cpuUsage();
  const processMs = pid === process.pid ? (self.user + self.system) / 1000 : (ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1000) / CLOCK_TICKS;
  return { threads, processMs };
}

/**
 * Threads of a bare `node` besides the main one (V8's platform workers, the delayed-task and signal
 * threads). The bench measures it once and hands it to its children (BENCH_PLATFORM_THREADS_ENV),
 * so a child's start-up figures do not include starting another node.
 */
export function platformThreadCount(): number {
  const out = execFileSync(process.execPath, ['-e', "process.stdout.write(String(require('fs').readdirSync('/proc/self/task').length))"], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return Math.max(0, Number(out) - 1);
}

/**
 * Call at the top of the process's entry module, before anything opens a device: records which
 * threads exist (making libuv's pool if it is not there yet) so later ones count as native.
 */
export const BENCH_PLATFORM_THREADS_ENV = 'CARTWRIGHT_BENCH_PLATFORM_THREADS';

export async function classifyStartupThreads(): Promise<(tid: number) => ThreadKind> {
  const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const given = Number(process.env[BENCH_PLATFORM_THREADS_ENV]);
  const platform = Number.isInteger(given) && given >= 0 ? given : platformThreadCount();
  let before = listTids(process.pid).filter((t) => t !== process.pid);
  let pool: number[];
  if (before.length >= platform + poolSize) {
    // Created in this order: the platform at start, then the pool in one burst (tids only grow).
    pool = before.slice(platform, platform + poolSize);
  } else {
    // No async call yet: make the pool now, and whatever appears is it.
    await access('.');
    const after = listTids(process.pid).filter((t) => t !== process.pid);
    pool = after.filter((t) => !before.includes(t));
    before = after;
  }
  const poolSet = new Set(pool);
  const startup = new Set(before);
  return (tid) => (tid === process.pid ? 'main' : poolSet.has(tid) ? 'pool' : startup.has(tid) ? 'platform' : 'native');
}

/** CPU ms per thread kind between two samples of the same process. */
export function cpuSplit(before: ThreadSample, after: ThreadSample, kindOf: (tid: number) => ThreadKind): CpuSplit {
  const split: CpuSplit = { main: 0, pool: 0, native: 0, platform: 0, exited: 0, total: after.processMs - before.processMs };
  let live = 0;
  for (const [tid, ms] of after.threads) {
    const delta = ms - (before.threads.get(tid) ?? 0);
    split[kindOf(tid)] += delta;
    live += delta;
  }
  // Threads alive at the first sample and gone at the second took their CPU into the process total.
  split.exited = Math.max(0, split.total - live);
  return split;
}
