/**
 * Collects items and hands them over together at most once per animation frame. The station may
 * push device batches faster than the screen draws (or faster than a busy machine keeps up);
 * rendering once per frame means no work is spent on a state nobody ever sees.
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  /** Hands over whatever is queued right now (before a snapshot replaces the state). */
  drain(): void;
}

/** rAF does not run in a hidden window; the timer keeps the store following the station anyway. */
const MAX_WAIT_MS = 250;

export function frameBatcher<T>(flush: (items: T[]) => void): FrameBatcher<T> {
  let queue: T[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drain = (): void => {
    if (frame) cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    flush(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (timer !== undefined) return;
      frame = requestAnimationFrame(drain);
      timer = setTimeout(drain, MAX_WAIT_MS);
    },
    drain,
  };
}
