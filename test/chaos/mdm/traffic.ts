import type { MdmActions } from '../../../electron/mdm/actions.js';
import type { Rng } from '../core/rng.js';

/**
 * Kiosk-like check-out/check-in traffic through MdmActions (the local change and its outbox
 * message in one transaction). Records what the MDM must end up seeing, per serial. A few
 * operations are deliberately impossible (checking out a device that is already out): they must
 * change nothing and send nothing.
 */
export class Traffic {
  readonly expected = new Map<string, string[]>();
  readonly holder = new Map<number, string>();
  ok = 0;
  refused = 0;
  /** Impossible operations that were nonetheless accepted (a violation). */
  readonly wronglyAccepted: string[] = [];

  constructor(
    private readonly actions: MdmActions,
    private readonly serials: readonly string[],
    private readonly users: readonly number[],
    private readonly stagingUser: number,
  ) {
    for (const s of serials) this.expected.set(s, []);
  }

  step(rng: Rng): void {
    const d = rng.int(0, this.serials.length - 1);
    const serial = this.serials[d] as string;
    const udid = `udid-${d}`;
    const out = this.holder.get(d);
    if (out !== undefined && rng.chance(0.05)) return this.impossibleCheckOut(d, udid, serial);
    if (out === undefined) {
      const user = String(rng.pick(this.users));
      this.actions.checkOut({ udid, userId: user });
      this.holder.set(d, user);
      this.expected.get(serial)?.push(`enrollmentuser:${user}`);
    } else {
      this.actions.checkIn({ udid });
      this.holder.delete(d);
      this.expected.get(serial)?.push(`enrollmentuser:${this.stagingUser}`);
    }
    this.ok++;
  }

  private impossibleCheckOut(d: number, udid: string, serial: string): void {
    try {
      this.actions.checkOut({ udid, userId: String(this.users[0]) });
      this.wronglyAccepted.push(`${serial}: checked out twice (device ${d} already with ${this.holder.get(d)})`);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code !== 'string') this.wronglyAccepted.push(`${serial}: a double check-out failed without a code: ${(e as Error).message}`);
      this.refused++;
    }
  }
}
