import { expect } from 'vitest';
import { stationInternals } from '../../../electron/station/station-internals.js';
import type { FlowHarness, UserSpec } from './flow-harness.js';
import { eventually } from './flow-harness.js';

export const THRESHOLD = 40;

/** A seeded generator, so a failing run can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CycleReport {
  checkouts: number;
  wrongPicks: number;
  swapped: number;
  putBack: number;
  refusedNoDevice: number;
  erasedReturns: number;
  handedOut: { udid: string; battery: number }[];
}

/**
 * People come and go at the cart: each cycle one person checks a device out (the station picks,
 * the person takes a device — sometimes the wrong one — and walks away with it, draining it), and
 * people return devices into the cart, which charges them. Some returns run under the
 * erase-on-return policy. Everything is checked against the cart's own view.
 */
export async function runCycles(f: FlowHarness, people: UserSpec[], options: { cycles: number; seed: number; eraseReturns: number[] }): Promise<CycleReport> {
  const s = f.station;
  const random = rng(options.seed);
  const pickOne = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const report: CycleReport = { checkouts: 0, wrongPicks: 0, swapped: 0, putBack: 0, refusedNoDevice: 0, erasedReturns: 0, handedOut: [] };
  const holding = new Map<string, string>(); // user id → udid
  let returns = 0;
  const plugged = new Set<string>();

  // The Return to Service Wi-Fi: an erased device activates on its own once it is back.
  let activating = true;
  const activator = (async () => {
    while (activating) {
      for (const d of await f.cart.devices().catch(() => [])) {
        if (d.connected && d.activationState === 'Unactivated') await f.cart.act(d.udid, 'activate').catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  })();

  const giveBack = async (userId: string) => {
    const udid = holding.get(userId)!;
    holding.delete(userId);
    returns++;
    const erase = options.eraseReturns.includes(returns);
    if (erase) {
      // Returns plugged earlier must be checked in under the old policy before it changes.
      await eventually(() => [...plugged].every((u) => !f.store.checkouts.activeForDevice(u)), 30_000, 20);
      await s.handlers['flows.settings']({ change: { returnPolicy: 'erase' } });
      report.erasedReturns++;
    }
    await f.cart.act(udid, 'plug');
    plugged.add(udid);
    if (erase) {
      // The policy is read when the cart sees the device: keep it until the check-in happened.
      await eventually(() => !f.store.checkouts.activeForDevice(udid), 30_000, 20);
      await s.handlers['flows.settings']({ change: { returnPolicy: 'keep' } });
    }
  };

  try {
    for (let cycle = 0; cycle < options.cycles; cycle++) {
      // Bring some devices back: the cart has 12, so at most 7 are out at a time.
      while (holding.size >= 7 || (holding.size > 0 && random() < 0.45)) await giveBack(pickOne([...holding.keys()]));
      // A device on the cart charges: now and then a low one is topped up.
      if (cycle % 5 === 0) {
        const onCart = (await f.cart.devices()).filter((d) => d.connected && d.battery < THRESHOLD);
        for (const d of onCart.slice(0, 2)) await f.cart.setBattery(d.udid, { level: Math.min(100, d.battery + 45) });
      }
      const free = people.filter((p, i) => !holding.has(f.userId(p, i)) && !f.store.checkouts.activeForUser(f.userId(p, i)).length);
      const person = pickOne(free);
      const index = people.indexOf(person);
      const credential = random() < 0.5 ? { badge: person.badge } : { username: person.username, pin: '2468' };

      let picked: Awaited<ReturnType<(typeof s.handlers)['kiosk.checkOut']>> | undefined;
      for (let attempt = 0; attempt < 20 && !picked; attempt++) {
        try {
          picked = await s.handlers['kiosk.checkOut']({ credential });
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code !== 'CONFLICT' || !/No device is ready/.test((e as Error).message)) throw e;
          report.refusedNoDevice++;
          // Nothing ready: let the cart charge a device (or wait for a re-stage to finish).
          const low = (await f.cart.devices()).filter((d) => d.connected && d.battery < THRESHOLD);
          if (low[0]) await f.cart.setBattery(low[0].udid, { level: 90 });
          else await new Promise((r) => setTimeout(r, 1_000));
        }
      }
      expect(picked, `cycle ${cycle}: a device was handed out`).toBeDefined();
      const pickId = picked!.pickId!;
      const chosen = picked!.device.udid;
      // Never below the threshold, as the cart itself reports the battery at hand-out.
      const atHandout = (await f.cart.device(chosen)).battery;
      expect(atHandout, `cycle ${cycle}: battery of ${chosen}`).toBeGreaterThanOrEqual(THRESHOLD);
      report.handedOut.push({ udid: chosen, battery: atHandout });

      let taken = chosen;
      if (cycle % 6 === 3) {
        // The wrong device: sometimes a ready one, sometimes one that is not (low battery, being re-staged).
        const others = (await f.cart.devices()).filter(
          (d) => d.connected && d.udid !== chosen && !stationInternals(s).flows.multi.isReserved(d.udid) && f.registry.get(d.udid)?.state === 'ready' && !f.store.checkouts.activeForDevice(d.udid),
        );
        const low = others.filter((d) => d.battery < THRESHOLD);
        const wrong = random() < 0.5 && low.length ? pickOne(low) : pickOne(others);
        report.wrongPicks++;
        const wrongSlot = f.registry.get(wrong.udid)?.slot;
        await f.cart.act(wrong.udid, 'unplug');
        const view = await eventually(() => {
          const v = s.handlers['kiosk.pick']({ pickId });
          return v.then((x) => (x.state === 'swapped' || x.state === 'wrong-device' ? x : null));
        }, 20_000, 20);
        if (view.state === 'swapped') {
          report.swapped++;
          expect(wrong.battery, 'a swap only accepts a ready device').toBeGreaterThanOrEqual(THRESHOLD);
          expect(view.device.udid).toBe(wrong.udid);
          taken = wrong.udid;
        } else {
          report.putBack++;
          expect(view.message).toContain(`You took slot ${wrongSlot}, not slot ${picked!.device.slot}`);
          await f.cart.act(wrong.udid, 'plug');
          await eventually(() => s.handlers['kiosk.pick']({ pickId }).then((x) => x.state === 'waiting'), 20_000, 20);
          await f.cart.act(chosen, 'unplug');
        }
      } else {
        await f.cart.act(chosen, 'unplug');
      }
      const done = await eventually(() => s.handlers['kiosk.pick']({ pickId }).then((x) => (x.state === 'taken' || x.state === 'swapped' ? x : null)), 20_000, 20);
      expect(done.device.udid).toBe(taken);
      expect(f.store.checkouts.activeForDevice(taken)?.userId).toBe(f.userId(person, index));
      report.checkouts++;
      holding.set(f.userId(person, index), taken);
      plugged.delete(taken);
      // In use, away from the cart: the battery drains.
      await f.cart.setBattery(taken, { level: 5 + Math.floor(random() * 80) });
    }
    for (const userId of [...holding.keys()]) await giveBack(userId);
    await eventually(() => f.store.checkouts.active().length === 0, 60_000, 50);
  } finally {
    activating = false;
    await activator;
  }
  return report;
}
