/**
 * Process plumbing for the benchmark: every child is tracked so a failure or Ctrl-C never leaves
 * a cart daemon, a station or a shell loop running, and CPU/RSS are read from /proc so each
 * process is measured on its own (the cart's CPU is never mixed into the station's).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const children = new Set<ChildProcess>();
/** Children started in their own process group (a shell loop and the tools it runs). */
const groups = new Set<number>();
/** Temporary directories (station data, identities) removed even when the run is interrupted. */
const dirs = new Set<string>();

export function trackDir(path: string): string {
  dirs.add(path);
  return path;
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
  dirs.delete(path);
}

export function track(child: ChildProcess, group = false): ChildProcess {
  children.add(child);
  if (group && child.pid) groups.add(child.pid);
  child.once('exit', () => {
    children.delete(child);
    if (child.pid) groups.delete(child.pid);
  });
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const group = child.pid !== undefined && groups.has(child.pid);
  await new Promise<void>((resolve) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (group && child.pid) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    kill('SIGTERM');
  });
}

function killAllNow(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

let installed = false;
/** On exit or a signal, whatever is still running is killed (synchronously: 'exit' allows no waiting). */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllNow();
      process.exit(130);
    });
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU time (user + system) of one process so far, in ms, from /proc/<pid>/stat; null if gone. */
export function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Resident memory now (VmRSS) and its peak (VmHWM), in MB; null if the process is gone. */
export function procMemoryMb(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on this machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Rejects after `ms` with a message saying what did not finish, so no wait is unbounded. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
