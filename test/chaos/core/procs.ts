import type { ChildProcess } from 'node:child_process';

/**
 * Every child the chaos run starts (cart daemons, CLI stations, fuzz workers) is registered here
 * and killed by its own PID when the run ends, however it ends: a normal finish, an exception, or
 * Ctrl-C. Nothing is ever killed by name: other engineers' processes share this machine.
 */
const children = new Set<ChildProcess>();
let installed = false;

export function track(child: ChildProcess): ChildProcess {
  install();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGKILL whatever is still alive (synchronous, so it also works from an 'exit' handler). */
export function killAll(): number {
  let n = 0;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
        n++;
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  return n;
}

export function liveChildren(): number {
  return [...children].filter((c) => c.exitCode === null && c.signalCode === null).length;
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', () => killAll());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}
