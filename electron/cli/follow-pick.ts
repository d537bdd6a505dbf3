import type { HostedHandlers, PickView, StationEvent } from '../api/index.js';
import { callApi } from './api-call.js';

/** What the CLI needs of a station to follow a pick: its API and its event stream, nothing inside. */
export interface PickSource {
  readonly handlers: HostedHandlers;
  subscribe(listener: (e: StationEvent) => void): () => void;
}

const open = (p: PickView) => p.state === 'waiting' || p.state === 'wrong-device';

/**
 * Follows one kiosk pick through the station's `pick` events (as the kiosk screen does) until it
 * is settled — taken, swapped, lapsed, cancelled — or `timeoutMs` passes, when the pick is given up
 * with `picks.cancel`. `onChange` sees every distinct state and message once.
 */
export function followPick(station: PickSource, pickId: string, timeoutMs: number, onChange?: (p: PickView) => void): Promise<PickView> {
  return new Promise<PickView>((resolve, reject) => {
    let last = '';
    let done = false;
    const finish = (view: PickView) => {
      if (done) return;
      done = true;
      off();
      clearTimeout(timer);
      resolve(view);
    };
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      off();
      clearTimeout(timer);
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const see = (view: PickView) => {
      if (done) return;
      const key = `${view.state}:${view.message ?? ''}`;
      if (key !== last) onChange?.(view);
      last = key;
      if (!open(view)) finish(view);
    };
    // Subscribe before reading, so a change between the two is not missed.
    const off = station.subscribe((e) => {
      if (e.type === 'pick' && e.pick.pickId === pickId) see(e.pick);
    });
    const timer = setTimeout(() => {
      callApi(station, 'picks.cancel', { pickId, reason: 'timed out' }).then(finish, fail);
    }, timeoutMs);
    callApi(station, 'flows.pick', { pickId }).then(see, fail);
  });
}
