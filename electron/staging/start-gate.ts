/**
 * Lets jobs begin, and their steps finish (job-executor.ts), one per turn of the event loop. A
 * job's first step runs synchronously up to its first device call (journal writes, events to the
 * registry and the screens, a pairing certificate signed); a batch of 100 devices started at once
 * did all of that in one block of 150–200 ms, during which no timer, socket or screen update ran.
 * Devices that finish a step together did the same: each one's journal writes, events and next
 * request, all in the turn their replies arrived in. One per setImmediate turn costs each job at
 * most a turn per job ahead of it (microseconds when the loop is quiet).
 */
export class StartGate {
  private readonly waiting: (() => void)[] = [];
  private draining = false;

  /** Resolves at the caller's turn, in the order asked. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => this.next());
      }
    });
  }

  private next(): void {
    this.waiting.shift()?.();
    // Scheduled from inside the check phase, the next start runs on the next turn, after timers and I/O.
    if (this.waiting.length > 0) setImmediate(() => this.next());
    else this.draining = false;
  }
}
