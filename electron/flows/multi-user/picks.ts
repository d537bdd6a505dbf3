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
 * The picks in play: every change is published as a `pick` event, which the kiosk and
 * `checkout --wait` (cli/follow-pick.ts) follow, so nobody has to poll.
 */
export class PickBoard {
  private readonly picks = new Map<string, OpenPick>();

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

  /** Every change of a pick reaches the screens and whoever follows the events. */
  publish(pick: OpenPick): void {
    this.station.emit({ type: 'pick', pick: this.viewOf(pick) });
  }

  /** A settled pick stays readable a while, then goes. */
  forgetLater(pick: OpenPick): void {
    setTimeout(() => this.picks.delete(pick.id), KEEP_SETTLED_MS).unref();
  }

  /**
   * The board is done (the station closes): pick timers stop, so no pick lapses later or keeps
   * the process up. The flow cancels and publishes its open picks first (MultiUserFlow.close),
   * which is how a follower hears why.
   */
  close(): void {
    for (const p of this.picks.values()) if (p.timer) clearTimeout(p.timer);
  }
}
