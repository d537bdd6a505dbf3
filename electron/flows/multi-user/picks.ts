import type { PickView } from '../../api/flows.js';
import { displayUser, FlowError } from '../index.js';
import type { User } from '../../store/repos/users-repo.js';
import { deviceRef, type Actor } from '../common.js';
import type { StationParts } from '../parts.js';

/** A kiosk pick: the device chosen for a person, until it leaves the cart (or the pick lapses). */
export interface OpenPick {
  id: string;
  user: User;
  udid: string;
  slot: number | null;
  state: PickView['state'];
  took: { udid: string; slot: number | null } | null;
  message: string | null;
  checkoutId: number | null;
  dueAt: string | null;
  who: Actor;
  timer: NodeJS.Timeout | null;
}

export function isOpen(p: Pick<OpenPick, 'state'>): boolean {
  return p.state === 'waiting' || p.state === 'wrong-device';
}

/** How long a settled pick stays readable (a late `kiosk.pick`), before it goes. */
const KEEP_SETTLED_MS = 10 * 60_000;

/**
 * The picks in play and who follows them: every change is published as a `pick` event (the kiosk
 * follows it) and to the in-process watchers (`checkout --wait`), so nobody has to poll.
 */
export class PickBoard {
  private readonly picks = new Map<string, OpenPick>();
  private readonly watchers = new Map<string, Set<(view: PickView) => void>>();
  /** How to end each `settled` wait when the board closes (keyed by its watcher). */
  private readonly waits = new Map<(view: PickView) => void, () => void>();
  private closed = false;

  constructor(private readonly station: Pick<StationParts, 'store' | 'registry' | 'emit'>) {}

  add(pick: OpenPick): void {
    this.picks.set(pick.id, pick);
    this.publish(pick);
  }

  get(pickId: string): OpenPick | undefined {
    return this.picks.get(pickId);
  }

  open(): OpenPick[] {
    return [...this.picks.values()].filter(isOpen);
  }

  all(): OpenPick[] {
    return [...this.picks.values()];
  }

  view(pickId: string): PickView {
    const pick = this.picks.get(pickId);
    if (!pick) throw new FlowError('NOT_FOUND', 'That check-out is no longer waiting.', 'Scan your badge again.');
    return this.viewOf(pick);
  }

  viewOf(p: OpenPick): PickView {
    return {
      pickId: p.id,
      state: p.state,
      user: displayUser(p.user),
      device: deviceRef(this.station, p.udid, p.slot),
      took: p.took ? deviceRef(this.station, p.took.udid, p.took.slot) : null,
      message: p.message,
      checkoutId: p.checkoutId,
      dueAt: p.dueAt,
    };
  }

  /** Every change of a pick reaches the screens and the watchers. */
  publish(pick: OpenPick): void {
    const view = this.viewOf(pick);
    this.station.emit({ type: 'pick', pick: view });
    for (const w of this.watchers.get(pick.id) ?? []) w(view);
  }

  /** A settled pick stays readable a while, then goes. */
  forgetLater(pick: OpenPick): void {
    setTimeout(() => this.picks.delete(pick.id), KEEP_SETTLED_MS).unref();
  }

  /**
   * Resolves once the pick is settled (taken, swapped, lapsed) or `timeoutMs` passes, when
   * `cancel` is called first. `onChange` hears each distinct state on the way.
   */
  settled(pickId: string, timeoutMs: number, cancel: () => void, onChange?: (p: PickView) => void): Promise<PickView> {
    const first = this.view(pickId);
    onChange?.(first);
    if (!isOpen(first)) return Promise.resolve(first);
    if (this.closed) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      let last = changeKey(first);
      const watchers = this.watchers.get(pickId) ?? new Set();
      this.watchers.set(pickId, watchers);
      const stop = () => {
        clearTimeout(timer);
        watchers.delete(watch);
        this.waits.delete(watch);
        if (watchers.size === 0) this.watchers.delete(pickId);
      };
      const watch = (view: PickView) => {
        if (changeKey(view) !== last) onChange?.(view);
        last = changeKey(view);
        if (isOpen(view)) return;
        stop();
        resolve(view);
      };
      // Not unref'd: a host waiting on the pick stays up until it settles (or the board closes).
      const timer = setTimeout(() => {
        stop();
        cancel();
        resolve(this.view(pickId));
      }, timeoutMs);
      watchers.add(watch);
      // Closing ends the wait: with the pick as it was settled, or a refusal if it never was.
      this.waits.set(watch, () => {
        stop();
        const pick = this.picks.get(pickId);
        if (pick && !isOpen(pick)) resolve(this.viewOf(pick));
        else reject(closedError());
      });
    });
  }

  /**
   * The board is done (the station closes): pick timers stop and every `settled` wait ends now,
   * so nothing waits on, or keeps the process up for, a pick nobody can take any more. The flow
   * settles its open picks first (MultiUserFlow.close), so a waiter hears why.
   */
  close(): void {
    this.closed = true;
    for (const p of this.picks.values()) if (p.timer) clearTimeout(p.timer);
    for (const end of [...this.waits.values()]) end();
  }
}

function closedError(): FlowError {
  return new FlowError('CONFLICT', 'The station closed before the device was taken.', 'Open the station again and check out once more.');
}

function changeKey(view: PickView): string {
  return `${view.state}:${view.message ?? ''}`;
}
