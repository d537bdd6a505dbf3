import { describe, expect, it } from 'vitest';
import { ProtocolCounters } from '../../emulator/protocol-counters.js';

const thinkOf = (c: ProtocolCounters, udid: string) => c.view().devices[udid]?.thinkMs;

describe("the cart's per-device think time", () => {
  it('adds replies that follow one another', () => {
    const c = new ProtocolCounters();
    c.think('a', 40, 0);
    c.think('a', 25, 100);
    expect(thinkOf(c, 'a')).toBe(65);
  });

  it('counts overlapping replies once (two connections in flight)', () => {
    const c = new ProtocolCounters();
    c.think('a', 50, 0); // 0–50
    c.think('a', 30, 20); // 20–50: inside
    c.think('a', 40, 40); // 40–80: 30 more
    expect(thinkOf(c, 'a')).toBe(80);
  });

  it('keeps devices apart, ignores no-delay replies, sums the totals and starts over on reset', () => {
    const c = new ProtocolCounters();
    c.think('a', 50, 0);
    c.think('b', 70, 0);
    c.think('b', 0, 100);
    expect(c.view().totals.thinkMs).toBe(120);
    expect(thinkOf(c, 'b')).toBe(70);
    c.reset();
    c.think('a', 10, 10); // earlier than the pre-reset interval's end: counted afresh
    expect(thinkOf(c, 'a')).toBe(10);
  });
});
