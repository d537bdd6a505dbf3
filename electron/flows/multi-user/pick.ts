/**
 * Which device to hand out. A device is ready when it is staged and healthy, not held or picked,
 * and its battery (read fresh) is at or above the threshold; among ready devices the one that has
 * been on charge longest goes first, so the cart rotates its devices instead of draining one.
 */
export interface PickCandidate {
  udid: string;
  slot: number | null;
  connected: boolean;
  /** The last staging job succeeded and the device is not being staged again. */
  staged: boolean;
  /** No error on the tile, paired, a company device (not User Enrollment). */
  healthy: boolean;
  /** Registered to one person (Advanced) or awaiting its first user (Standard): not for the shared pool. */
  personal: boolean;
  checkedOut: boolean;
  reserved: boolean;
  battery: number | null;
  /** When it was plugged in (ms since epoch): the longest on charge is picked first. */
  onChargeSince: number | null;
}

export type Readiness = { ready: true } | { ready: false; reason: string };

export function readiness(c: PickCandidate, threshold: number): Readiness {
  if (!c.connected) return { ready: false, reason: 'it is not on the cart' };
  if (c.checkedOut) return { ready: false, reason: 'it is checked out to someone else' };
  if (c.reserved) return { ready: false, reason: 'it was picked for someone else' };
  if (c.personal) return { ready: false, reason: 'it is set aside for one person' };
  if (!c.staged) return { ready: false, reason: 'it is not staged yet' };
  if (!c.healthy) return { ready: false, reason: 'it needs attention' };
  if (c.battery === null) return { ready: false, reason: 'its battery level is unknown' };
  if (c.battery < threshold) return { ready: false, reason: `its battery is at ${c.battery} % (at least ${threshold} % is needed)` };
  return { ready: true };
}

/** Candidates worth reading the battery of, best first (battery is checked fresh by the caller). */
export function rankCandidates(candidates: readonly PickCandidate[]): PickCandidate[] {
  const eligible = candidates.filter((c) => {
    const r = readiness({ ...c, battery: c.battery ?? 100 }, 0);
    return r.ready;
  });
  return eligible.sort(
    (a, b) =>
      (a.onChargeSince ?? Number.MAX_SAFE_INTEGER) - (b.onChargeSince ?? Number.MAX_SAFE_INTEGER) ||
      (b.battery ?? 0) - (a.battery ?? 0) ||
      (a.slot ?? 1e9) - (b.slot ?? 1e9) ||
      a.udid.localeCompare(b.udid),
  );
}

/** Why nothing could be handed out, as one sentence for the kiosk. */
export function nothingReadyReason(candidates: readonly PickCandidate[], threshold: number): string {
  const onCart = candidates.filter((c) => c.connected && !c.checkedOut && !c.reserved && !c.personal);
  if (onCart.length === 0) return 'No device is on the cart right now.';
  const charging = onCart.filter((c) => c.staged && c.healthy && c.battery !== null && c.battery < threshold).length;
  const staging = onCart.filter((c) => !c.staged).length;
  const parts = [charging ? `${charging} charging below ${threshold} %` : '', staging ? `${staging} not staged yet` : ''].filter(Boolean);
  return `No device is ready right now${parts.length ? ` (${parts.join(', ')})` : ''}.`;
}
