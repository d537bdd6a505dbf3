import type { Rng } from '../core/rng.js';
import { sleep } from '../core/wait.js';
import type { CartProcess } from '../infra/cart.js';

/** Requests at which an armed `unplug` fault makes a device vanish instead of answering (ones every job sends, so the fault fires). */
const UNPLUG_AT = ['StartSession', 'GetValue', 'StartService', 'SetValue', 'GetCloudConfiguration', 'SetCloudConfiguration', 'InstallProfile', 'GetProfileList'];

export interface UnplugEvents {
  /** Detaches that happened (by the control API, or by an armed fault that fired). */
  fired: number;
  byApi: number;
  byFault: number;
  armedNotFired: number;
}

/**
 * Yanks devices out from under running jobs and plugs them back after a seeded hold: some by the
 * control API at a random moment, some with an `unplug` fault armed on a protocol request so the
 * device vanishes exactly mid-exchange. Only devices still being staged (not yet renamed) are
 * chosen, so events land during jobs. Bounded: `count` events, each wait capped.
 */
export async function unplugEvents(cart: CartProcess, rng: Rng, count: number, holdMs: [number, number], gapMs: [number, number], running: () => boolean): Promise<UnplugEvents> {
  const out: UnplugEvents = { fired: 0, byApi: 0, byFault: 0, armedNotFired: 0 };
  const replugs: Promise<void>[] = [];
  let armed = 0;
  const pending = (): number => armed - out.byFault - out.armedNotFired;
  for (let i = 0; i < count * 6 && out.fired < count && running(); i++) {
    await sleep(rng.int(...gapMs));
    // Armed faults still waiting to fire may complete the count: wait for them rather than overshoot.
    if (out.fired + pending() >= count) continue;
    const candidates = (await cart.devices()).filter((d) => d.connected && !/^Cart A-/.test(d.name));
    if (candidates.length === 0) break;
    const d = rng.pick(candidates);
    const hold = rng.int(...holdMs);
    // The last few events use the API, which always detaches: the count is met whatever the batch does next.
    if (rng.chance(0.7) || count - out.fired <= 3) {
      await cart.act(d.udid, 'unplug');
      out.fired++;
      out.byApi++;
      replugs.push(sleep(hold).then(() => plug(cart, d.udid)));
    } else {
      const request = rng.pick(UNPLUG_AT);
      await cart.fault({ kind: 'unplug', udid: d.udid, request, times: 1 });
      armed++;
      // Counted only if it fires within 5 s; otherwise it stays armed until cleared.
      replugs.push(
        waitDetached(cart, d.udid, 5_000).then(async (gone) => {
          if (!gone) {
            out.armedNotFired++;
            return;
          }
          out.fired++;
          out.byFault++;
          await sleep(hold);
          await plug(cart, d.udid);
        }),
      );
    }
  }
  await Promise.allSettled(replugs);
  await cart.clearFaults();
  return out;
}

async function waitDetached(cart: CartProcess, udid: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await cart.device(udid)).connected) return true;
    await sleep(100);
  }
  return false;
}

async function plug(cart: CartProcess, udid: string): Promise<void> {
  try {
    if (!(await cart.device(udid)).connected) await cart.act(udid, 'plug');
  } catch {
    // the final sweep plugs whatever is still out
  }
}

/** Plugs every device that is out (a late-firing fault, a replug that failed). */
export async function plugAll(cart: CartProcess): Promise<number> {
  let n = 0;
  for (const d of await cart.devices()) {
    if (!d.connected) {
      await cart.act(d.udid, 'plug');
      n++;
    }
  }
  return n;
}
