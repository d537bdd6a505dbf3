import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PacedBatchEvents } from '../../../electron/station/paced-batch-events.js';

describe('PacedBatchEvents', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const paced = () => {
    const sent: string[] = [];
    const events = new PacedBatchEvents((id) => sent.push(id), 100, () => Date.now());
    return { events, sent };
  };

  it('counts the pace from an event sent another way (a hold)', () => {
    const { events, sent } = paced();
    events.sent('b1');
    events.request('b1');
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['b1']);
  });

  it('sends the first move at once and the moves of the next 100 ms as one event at its end', () => {
    const { events, sent } = paced();
    events.request('b1');
    expect(sent).toEqual(['b1']);
    for (let i = 0; i < 50; i++) events.request('b1');
    expect(sent).toEqual(['b1']);
    vi.advanceTimersByTime(99);
    expect(sent).toEqual(['b1']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['b1', 'b1']);
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual(['b1', 'b1']);
  });

  it('sends the batch-ending move at once, without a later duplicate', () => {
    const { events, sent } = paced();
    events.request('b1');
    events.request('b1');
    events.request('b1', true);
    expect(sent).toEqual(['b1', 'b1']);
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual(['b1', 'b1']);
  });

  it('paces each batch on its own and survives a send that throws', () => {
    const sent: string[] = [];
    const events = new PacedBatchEvents((id) => {
      if (id === 'gone') throw new Error('No batch gone.');
      sent.push(id);
    });
    events.request('gone');
    events.request('b1');
    events.request('b2');
    events.request('b1');
    expect(sent).toEqual(['b1', 'b2']);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['b1', 'b2', 'b1']);
  });
});
