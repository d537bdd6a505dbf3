import { afterEach, describe, expect, it, vi } from 'vitest';
import { frameBatcher } from '../../../renderer/src/store/frame-batcher.js';

/**
 * The browser's frame clock is the seam: requestAnimationFrame callbacks run when the test says a
 * frame is drawn. MessageChannel is Node's own, so a hand-over lands one macrotask after its frame.
 */
function frames() {
  let next = 1;
  const pending = new Map<number, FrameRequestCallback>();
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    pending.set(next, cb);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => void pending.delete(id));
  return {
    /** Draws one frame, then lets its posted hand-over (a message, a macrotask) run. */
    async draw() {
      const due = [...pending.values()];
      pending.clear();
      for (const cb of due) cb(0);
      await new Promise((r) => setTimeout(r, 10));
    },
    get requested() {
      return pending.size;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('handing station events over once per frame', () => {
  it('hands over everything pushed before a frame together, after that frame', async () => {
    const f = frames();
    const got: Array<{ items: number[]; framed: boolean }> = [];
    const b = frameBatcher<number>((items, framed) => void got.push({ items, framed }));
    b.push(1);
    b.push(2);
    expect(got).toEqual([]);
    await f.draw();
    expect(got).toEqual([{ items: [1, 2], framed: true }]);
    expect(f.requested).toBe(0);
  });

  it('asks for further frames while the consumer holds work back, then stops', async () => {
    const f = frames();
    let left = 2;
    const calls: number[][] = [];
    const b = frameBatcher<number>((items) => {
      calls.push(items);
      return --left > 0;
    });
    b.push(7);
    await f.draw();
    expect(f.requested).toBe(1);
    await f.draw();
    expect(calls).toEqual([[7], []]);
    expect(f.requested).toBe(0);
  });

  it('does not wait for frames a hidden window never draws', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    frames();
    const got: Array<{ items: number[]; framed: boolean }> = [];
    const b = frameBatcher<number>((items, framed) => void got.push({ items, framed }));
    b.push(1);
    vi.advanceTimersByTime(250);
    expect(got).toEqual([{ items: [1], framed: false }]);
  });

  it('drains on demand, outside any frame, and then has nothing left for the frame', async () => {
    const f = frames();
    const got: Array<{ items: number[]; framed: boolean }> = [];
    const b = frameBatcher<number>((items, framed) => void got.push({ items, framed }));
    b.push(1);
    b.drain();
    await f.draw();
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([{ items: [1], framed: false }]);
  });
});
