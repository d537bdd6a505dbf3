import type { Readiness } from './pick.js';

/**
 * A device left the cart while a pick was waiting. Taking the picked device completes it; taking a
 * different one is answered: accepted instead when that one is ready for this person, otherwise
 * the person is asked to put it back ("you took slot 7, not slot 3").
 */
export type Departure =
  | { verdict: 'taken' }
  | { verdict: 'swap'; message: string }
  | { verdict: 'put-back'; message: string }
  | { verdict: 'unrelated' };

export interface WaitingPick {
  udid: string;
  slot: number | null;
}

export function judgeDeparture(pick: WaitingPick | undefined, left: { udid: string; slot: number | null }, ready: Readiness): Departure {
  if (!pick) return { verdict: 'unrelated' };
  if (left.udid === pick.udid) return { verdict: 'taken' };
  const took = slotText(left.slot);
  const picked = slotText(pick.slot);
  if (ready.ready) return { verdict: 'swap', message: `You took ${took}, not ${picked}: that device is ready too, so it is yours instead.` };
  return { verdict: 'put-back', message: `You took ${took}, not ${picked}: ${ready.reason}. Put it back into ${took} and take the device from ${picked}.` };
}

function slotText(slot: number | null): string {
  return slot === null ? 'a device from an unnumbered port' : `slot ${slot}`;
}
