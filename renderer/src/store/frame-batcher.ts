/**
 * Collects items and hands them over together at most once per animation frame. The station may
 * push device batches faster than the screen draws (or faster than a busy machine keeps up);
 * rendering once per frame means no work is spent on a state nobody ever sees.
 *
 * The hand-over runs in its own task just after the frame (rAF, then a message), not inside the
 * rAF callback: React's render and the browser's layout and paint of its result then land in two
 * tasks of a frame each, instead of one long task that stalls input and animation.
 *
 * `flush` may keep part of what it was given for later (see device-pacer.ts): returning true asks
 * for another hand-over on the next frame even if nothing new arrives.
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  /** Hands over whatever is queued right now (before a snapshot replaces the state). */
  drain(): void;
}

/**
 * `framed` is false when the hand-over did not come from a frame (drain(), or the timer of a
 * window that draws no frames): nothing is being drawn, so there is no reason to hold anything back.
 */
export type FrameFlush<T> = (items: T[], framed: boolean) => boolean | void;

/** rAF does not run in a hidden window; the timer keeps the store following the station anyway. */
const MAX_WAIT_MS = 250;

export function frameBatcher<T>(flush: FrameFlush<T>): FrameBatcher<T> {
  let queue: T[] = [];
  let more = false;
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const channel = new MessageChannel();
  const schedule = (): void => {
    if (timer !== undefined) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      channel.port2.postMessage(null);
    });
    timer = setTimeout(() => handOver(false), MAX_WAIT_MS);
  };
  const handOver = (framed: boolean): void => {
    if (frame) cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
    if (queue.length === 0 && !more) return;
    const items = queue;
    queue = [];
    more = flush(items, framed) === true;
    if (more) schedule();
  };
  channel.port1.onmessage = () => handOver(true);
  return {
    push(item) {
      queue.push(item);
      schedule();
    },
    drain: () => handOver(false),
  };
}
