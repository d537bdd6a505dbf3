/** How often a batch's progress is sent at most while its jobs move. */
export const BATCH_EVENT_INTERVAL_MS = 100;

interface Pace {
  lastAt: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Paces a batch's progress events: the first move after a quiet spell is sent at once, the moves
 * within the next interval share one event at its end, and a final move (the batch ended) is sent
 * at once, so a screen or a CLI that stops at the batch's end sees the closing figures.
 * `send` reads the progress at send time, so a coalesced event shows the latest counts.
 */
export class PacedBatchEvents {
  private readonly paces = new Map<string, Pace>();

  constructor(
    private readonly send: (batchId: string) => void,
    private readonly intervalMs = BATCH_EVENT_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  request(batchId: string, final = false): void {
    const pace = this.paces.get(batchId);
    if (final) {
      if (pace?.timer) clearTimeout(pace.timer);
      this.trySend(batchId);
      this.paces.delete(batchId);
      return;
    }
    if (pace?.timer) return; // an event is already due: it will show this move too
    const wait = pace ? pace.lastAt + this.intervalMs - this.now() : 0;
    if (wait <= 0) {
      this.trySend(batchId);
      return;
    }
    const timer = setTimeout(() => {
      const due = this.paces.get(batchId);
      if (due) due.timer = null;
      this.trySend(batchId);
    }, wait);
    timer.unref();
    this.paces.set(batchId, { lastAt: pace?.lastAt ?? 0, timer });
  }

  /** An event for the batch was sent (by this pacer, or another way such as a hold): the pace counts from it. */
  sent(batchId: string): void {
    const pace = this.paces.get(batchId);
    if (pace) pace.lastAt = this.now();
    else this.paces.set(batchId, { lastAt: this.now(), timer: null });
  }

  private trySend(batchId: string): void {
    this.sent(batchId);
    try {
      this.send(batchId);
    } catch {
      // the batch is gone (a device forgotten meanwhile): nothing to show
    }
  }
}
