import { describe, expect, it } from 'vitest';
import { StartGate } from '../../../electron/staging/start-gate.js';

describe('StartGate', () => {
  it('lets waiters go in order, one per event-loop turn, so I/O and timers run between them', async () => {
    const gate = new StartGate();
    const order: string[] = [];
    let turns = 0;
    // A pass of the loop's check phase per turn: count them with a self-rescheduling immediate.
    const counter = (): void => {
      turns++;
      if (turns < 50) setImmediate(counter);
    };
    setImmediate(counter);
    const started = ['a', 'b', 'c', 'd'].map((name) => gate.turn().then(() => order.push(`${name}@${turns}`)));
    await Promise.all(started);
    expect(order.map((o) => o.split('@')[0])).toEqual(['a', 'b', 'c', 'd']);
    const at = order.map((o) => Number(o.split('@')[1]));
    for (let i = 1; i < at.length; i++) expect(at[i]).toBeGreaterThan(at[i - 1]!);
  });

  it('opens again for waiters that come after it drained', async () => {
    const gate = new StartGate();
    await gate.turn();
    await gate.turn();
    await expect(Promise.all([gate.turn(), gate.turn()])).resolves.toHaveLength(2);
  });
});
