import { describe, expect, it } from 'vitest';
import type { HostedHandlers, PickView, StationEvent } from '../../../electron/api/index.js';
import { followPick, type PickSource } from '../../../electron/cli/follow-pick.js';

const base: PickView = {
  pickId: 'p1',
  state: 'waiting',
  user: { username: 'c2', displayName: 'Cato Two' },
  device: { udid: 'U1', slot: 2, name: 'Cart A-02', model: 'iPad' },
  took: null,
  message: null,
  checkoutId: null,
  dueAt: null,
};

/** A station at the API seam: `flows.pick` and `picks.cancel` answer from `current`, events go to subscribers. */
function station(initial: PickView) {
  const listeners = new Set<(e: StationEvent) => void>();
  const calls: { name: string; input: unknown }[] = [];
  let current = initial;
  const handlers = {
    'flows.pick': async (input: { pickId: string }) => {
      calls.push({ name: 'flows.pick', input });
      return current;
    },
    'picks.cancel': async (input: { pickId: string; reason: string }) => {
      calls.push({ name: 'picks.cancel', input });
      current = { ...current, state: 'cancelled', message: `The check-out was cancelled (${input.reason}).` };
      return current;
    },
  } as unknown as HostedHandlers;
  const source: PickSource = {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const publish = (pick: PickView) => {
    current = pick;
    for (const l of listeners) l({ type: 'pick', pick });
  };
  return { source, publish, calls, listeners };
}

describe('checkout --wait follows the pick through the station’s events', () => {
  it('returns at once when the pick is already settled', async () => {
    const taken: PickView = { ...base, state: 'taken', checkoutId: 7 };
    const s = station(taken);
    const seen: string[] = [];
    expect(await followPick(s.source, 'p1', 60_000, (p) => seen.push(p.state))).toEqual(taken);
    expect(seen).toEqual(['taken']);
    expect(s.listeners.size).toBe(0);
  });

  it('follows a wrong device taken and put back, until the right one is taken; other picks do not count', async () => {
    const s = station(base);
    const seen: string[] = [];
    const following = followPick(s.source, 'p1', 60_000, (p) => seen.push(`${p.state}${p.message ? `: ${p.message}` : ''}`));
    await expect.poll(() => s.calls.length).toBe(1);
    s.publish({ ...base, pickId: 'p2', state: 'taken' });
    s.publish({ ...base, state: 'wrong-device', message: 'That is not the picked device: put it back.' });
    s.publish({ ...base, state: 'wrong-device', message: 'That is not the picked device: put it back.' });
    s.publish({ ...base, state: 'taken', checkoutId: 9, dueAt: '2026-12-04T08:00:00.000Z' });
    expect(await following).toMatchObject({ pickId: 'p1', state: 'taken', checkoutId: 9 });
    expect(seen).toEqual(['waiting', 'wrong-device: That is not the picked device: put it back.', 'taken']);
    expect(s.listeners.size).toBe(0);
  });

  it('gives the pick up through picks.cancel when nobody takes the device in time', async () => {
    const s = station(base);
    const settled = await followPick(s.source, 'p1', 20);
    expect(settled).toMatchObject({ state: 'cancelled', message: 'The check-out was cancelled (timed out).' });
    expect(s.calls).toEqual([
      { name: 'flows.pick', input: { pickId: 'p1' } },
      { name: 'picks.cancel', input: { pickId: 'p1', reason: 'timed out' } },
    ]);
    expect(s.listeners.size).toBe(0);
  });

  it('passes a refusal of the station on (an unknown pick)', async () => {
    const s = station(base);
    (s.source.handlers as unknown as Record<string, unknown>)['flows.pick'] = async () => {
      throw Object.assign(new Error('There is no pick p1.'), { code: 'NOT_FOUND' });
    };
    await expect(followPick(s.source, 'p1', 60_000)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(s.listeners.size).toBe(0);
  });
});
