import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowHarness, users } from './flow-harness.js';
import { runCycles, THRESHOLD, type CycleReport } from './cycles.js';

const CYCLES = 200;
const PEOPLE = users(30);

/** The Multi User acceptance run, once per directory (local, fake Workspace ONE). */
export function multiUserSuite(mdm: 'local' | 'ws1', seed: number): void {
  describe(`Multi User on a 12-device virtual cart (${mdm === 'ws1' ? 'fake Workspace ONE' : 'local directory'}): ${CYCLES} check-out/check-in cycles by 30 people`, () => {
    const f = new FlowHarness(12, `multi-${mdm}`);
    let report: CycleReport;

    beforeAll(async () => {
      await f.start({ rows: 2, columns: 6, mdm });
      await f.addUsers(PEOPLE);
      await f.station.handlers['flows.settings']({ change: { batteryThreshold: THRESHOLD, perUserLimit: 1, returnPolicy: 'keep', loanHours: 8 } });
      const jobs = await f.stage('multi-user', 'all');
      expect(jobs.map((id) => f.store.jobs.get(id)?.state)).toEqual(jobs.map(() => 'succeeded'));
      if (mdm === 'ws1') f.enrollInWs1(f.store.devices.list().map((d) => d.serial!));
    }, 300_000);
    afterAll(() => f.dispose());

    it('hands out only ready devices, catches every wrong pick, re-stages erased returns', async () => {
      const t0 = Date.now();
      report = await runCycles(f, PEOPLE, { cycles: CYCLES, seed, eraseReturns: [15, 70, 140] });
      console.log(`${mdm}: ${CYCLES} cycles in ${Math.round((Date.now() - t0) / 1000)} s`, { ...report, handedOut: report.handedOut.length });
      expect(report.checkouts).toBe(CYCLES);
      expect(report.handedOut.every((h) => h.battery >= THRESHOLD)).toBe(true);
      expect(report.wrongPicks).toBeGreaterThan(20);
      expect(report.swapped + report.putBack).toBe(report.wrongPicks);
      expect(report.putBack).toBeGreaterThan(0);
      expect(f.store.audit.query({ action: 'flow.checkout.wrong-device', limit: 10_000 })).toHaveLength(report.wrongPicks);
      expect(report.erasedReturns).toBe(3);
    }, 900_000);

    it('recorded every check-out and check-in once, and re-staged the erased devices', async () => {
      expect(f.store.audit.query({ action: 'flow.checkout', limit: 10_000 })).toHaveLength(CYCLES);
      expect(f.store.audit.query({ action: 'flow.checkin', limit: 10_000 })).toHaveLength(CYCLES);
      const erased = f.store.audit.query({ action: 'flow.rts.erase', limit: 100 });
      expect(erased).toHaveLength(3);
      await expect.poll(() => erased.every((e) => f.store.audit.query({ action: 'flow.rts.restage', udid: e.udid!, limit: 10 }).length >= 1), { timeout: 120_000 }).toBe(true);
      for (const e of erased) {
        await expect.poll(() => f.registry.get(e.udid!)?.state, { timeout: 120_000 }).toBe('ready');
        const d = await f.cart.device(e.udid!);
        expect(d.counters.EraseDevice ?? 0).toBeGreaterThanOrEqual(1);
        expect(d.supervised).toBe(true);
      }
      await expect.poll(() => f.store.outbox.counts().pending + f.store.outbox.counts().sending, { timeout: 60_000 }).toBe(0);
      expect(f.store.outbox.counts().dead).toBe(0);
    }, 300_000);

    if (mdm === 'ws1') {
      it('Workspace ONE saw each check-out and check-in exactly once, in order per device', () => {
        for (const d of f.store.devices.list()) {
          const history = f.store.checkouts.history(d.udid, 1000).reverse();
          const expected = history.flatMap((c) => [`enrollmentuser:${c.userId}`, 'enrollmentuser:99']);
          expect(f.ws1!.callsFor(d.serial!).filter((c) => c.startsWith('enrollmentuser:')), d.serial!).toEqual(expected);
        }
      });
    }
  });
}
