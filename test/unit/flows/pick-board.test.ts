import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostedHandlers, StationEvent } from '../../../electron/api/index.js';
import { followPick, type PickSource } from '../../../electron/cli/follow-pick.js';
import { PickBoard, type OpenPick } from '../../../electron/flows/multi-user/picks.js';
import { DeviceRegistry } from '../../../electron/station/registry.js';
import type { User } from '../../../electron/store/repos/users-repo.js';
import { openStore, type Store } from '../../../electron/store/store.js';

const user: User = { id: 'u1', name: 'Ann Lee', username: 'alee', email: null, badge: null, pinHash: null, groups: [], source: 'local', updatedAt: '2026-03-02T08:00:00.000Z' };

function openPick(id: string): OpenPick {
  return { id, user, udid: 'U-IPAD', slot: 3, state: 'waiting', took: null, message: null, checkoutId: null, dueAt: null, who: { actor: 'alee', source: 'kiosk' }, timer: null };
}

let dir: string;
let store: Store;
let events: StationEvent[];
let board: PickBoard;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-picks-'));
  store = openStore(dir);
  events = [];
  board = new PickBoard({ store, registry: new DeviceRegistry(() => undefined), emit: (e) => events.push(e) });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A follower at the API seam, as `checkout --wait` is: the board's `pick` events, `flows.pick` answered by the board. */
function follower(): PickSource {
  const listeners = new Set<(e: StationEvent) => void>();
  board = new PickBoard({
    store,
    registry: new DeviceRegistry(() => undefined),
    emit: (e) => {
      events.push(e);
      for (const l of listeners) l(e);
    },
  });
  const handlers = { 'flows.pick': async ({ pickId }: { pickId: string }) => board.view(pickId) } as unknown as HostedHandlers;
  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

describe('the board when the station closes', () => {
  it('a follower hears the close as the pick’s published cancellation', async () => {
    const source = follower();
    const pick = openPick('p1');
    board.add(pick);
    const seen: string[] = [];
    const following = followPick(source, 'p1', 600_000, (p) => seen.push(p.state));
    await expect.poll(() => seen.length).toBe(1);
    // What MultiUserFlow.close does first: the open pick is cancelled and published; then the board closes.
    Object.assign(pick, { state: 'cancelled', message: 'The check-out was cancelled (the station closed).' });
    board.publish(pick);
    board.close();
    await expect(following).resolves.toMatchObject({ pickId: 'p1', state: 'cancelled', message: 'The check-out was cancelled (the station closed).' });
    expect(seen).toEqual(['waiting', 'cancelled']);
    expect(events.filter((e) => e.type === 'pick').map((e) => (e.type === 'pick' ? e.pick.state : null))).toEqual(['waiting', 'cancelled']);
  });

  it('stops the pick timers, so no pick lapses after the station closed', () => {
    vi.useFakeTimers();
    try {
      const lapse = vi.fn();
      // The test project also loads the DOM types, whose setTimeout returns a number.
      board.add({ ...openPick('p1'), timer: setTimeout(lapse, 1_000) as unknown as NodeJS.Timeout });
      board.close();
      vi.advanceTimersByTime(5_000);
      expect(lapse).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('still answers a settled pick after closing', () => {
    board.add({ ...openPick('p2'), state: 'taken', checkoutId: 7 });
    board.close();
    expect(board.view('p2')).toMatchObject({ state: 'taken', checkoutId: 7 });
  });
});
