import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StationEvent } from '../../../electron/api/index.js';
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

describe('waiting on a pick when the board closes', () => {
  it('ends the wait with the pick as the flow settled it on the way out', async () => {
    const pick = openPick('p1');
    board.add(pick);
    const cancel = vi.fn();
    const waiting = board.settled('p1', 600_000, cancel);
    // What MultiUserFlow.close does first: the pick is cancelled and published.
    Object.assign(pick, { state: 'cancelled', message: 'The check-out was cancelled (the station closed).' });
    board.publish(pick);
    board.close();
    await expect(waiting).resolves.toMatchObject({ pickId: 'p1', state: 'cancelled', message: 'The check-out was cancelled (the station closed).' });
    expect(cancel).not.toHaveBeenCalled();
    expect(events.filter((e) => e.type === 'pick').map((e) => (e.type === 'pick' ? e.pick.state : null))).toEqual(['waiting', 'cancelled']);
  });

  it('refuses, with a sentence, a wait whose pick was never settled, and any wait after closing', async () => {
    board.add(openPick('p1'));
    const cancel = vi.fn();
    const waiting = board.settled('p1', 600_000, cancel);
    board.close();
    await expect(waiting).rejects.toMatchObject({ code: 'CONFLICT', message: 'The station closed before the device was taken.' });
    await expect(board.settled('p1', 600_000, cancel)).rejects.toMatchObject({ code: 'CONFLICT' });
    // The timeout's cancellation never runs against a closed station.
    expect(cancel).not.toHaveBeenCalled();
  });

  it('still answers a settled pick at once after closing', async () => {
    board.add({ ...openPick('p2'), state: 'taken', checkoutId: 7 });
    board.close();
    await expect(board.settled('p2', 600_000, () => undefined)).resolves.toMatchObject({ state: 'taken', checkoutId: 7 });
  });
});
