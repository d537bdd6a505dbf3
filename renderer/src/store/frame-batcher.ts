/**
 * Collects items and hands them over together at most once per animation frame. The station may
 * push device batches faster than the screen draws (or faster than a busy machine keeps up);
 * rendering once per frame means no work is spent on a state nobody ever sees.
 *
 * The hand-over runs in its own task just after the frame (rAF, then a message), not inside the
 * rAF callback: React's render and the browser's layout and paint of its result then land in two
 * tasks of a frame each, instead of one long task that stalls input and animation.
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
  const channel = new MessageChannel();
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
  channel.port1.onmessage = drain;
  return {
    push(item) {
      queue.push(item);
      if (timer !== undefined) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        channel.port2.postMessage(null);
      });
      timer = setTimeout(drain, MAX_WAIT_MS);
    },
    drain,
  };
}
