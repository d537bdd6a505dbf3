import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowHarness, userPin, users, eventually } from './flow-harness.js';

const PEOPLE = users(10, 'a');

/**
 * Single User Standard on a full cart, then Single User Advanced for ten people, and one personal
 * (User Enrollment) device on the cart that must be refused — once per directory.
 */
export function singleUserSuite(mdm: 'local' | 'ws1'): void {
  describe(`Single User flows on an 11-device virtual cart (${mdm === 'ws1' ? 'fake Workspace ONE' : 'local directory'})`, () => {
    const f = new FlowHarness(11, `single-${mdm}`);
    let company: string[] = [];
    let personal = '';
    const out = mkdtempSync(join(tmpdir(), 'cw-sheets-'));

    beforeAll(async () => {
      await f.start({ rows: 2, columns: 6, mdm });
      await f.addUsers(PEOPLE);
      const devices = await f.cart.devices();
      personal = devices[devices.length - 1]!.udid;
      company = devices.filter((d) => d.udid !== personal).map((d) => d.udid);
      await f.cart.fault({ kind: 'user-enrollment', udid: personal });
    }, 120_000);
    afterAll(async () => {
      await f.dispose();
      rmSync(out, { recursive: true, force: true });
    });

    it('stages the full cart Standard: every company device ends "staged – awaiting first user"; the personal one is refused', async () => {
      const jobs = await f.stage('single-user-standard', 'all');
      expect(jobs).toHaveLength(11);
      const s = f.station;
      const status = await s.handlers['flows.status']({});
      for (const udid of company) {
        expect(f.store.jobs.journal(udid, 1)[0]?.state, udid).toBe('succeeded');
        expect(status.find((d) => d.udid === udid)?.status).toBe('staged – awaiting first user');
        expect(status.find((d) => d.udid === udid)?.assignment?.kind).toBe('staging');
      }
      // A personal device past Setup Assistant reads as any set-up device: no public source shows
      // a host-side signal for User Enrollment (it hides the serial from the MDM, not from
      // lockdown), so the station refuses it as already set up and, without --erase, never erases it.
      const refused = f.store.jobs.journal(personal, 1)[0]!;
      expect(refused.errorCode).toBe('CLOUD_CONFIG_PRESENT');
      const cartView = await f.cart.device(personal);
      expect(cartView.counters.EraseDevice ?? 0).toBe(0);
      expect(cartView.counters.SetCloudConfiguration ?? 0).toBe(0);
      expect(f.registry.get(personal)?.error?.code).toBe('CLOUD_CONFIG_PRESENT');
      expect(f.store.outbox.list({}).filter((m) => m.kind === 'device-staged')).toHaveLength(10);
    }, 300_000);

    if (mdm === 'ws1') {
      it('records the MDM\'s one-time reassignment to the first user who signed in, once', async () => {
        const s = f.station;
        const serials = company.map((u) => f.store.devices.get(u)!.serial!);
        f.enrollInWs1(serials);
        expect((await f.sync()).reassigned).toEqual([]);
        // Three people sign in on three devices: WS1 reassigns each to its first user.
        serials.slice(0, 3).forEach((serial, i) => (f.ws1!.devices.get(serial)!.userId = 1000 + i));
        const first = await f.sync();
        expect(first.reassigned.map((r) => r.userId).sort()).toEqual(['1000', '1001', '1002']);
        const again = await f.sync();
        expect(again.reassigned).toEqual([]);
        for (const [i, udid] of company.slice(0, 3).entries()) {
          const history = f.store.assignments.history({ udid }).filter((a) => a.kind === 'first-user');
          expect(history).toHaveLength(1);
          expect(history[0]!.userId).toBe(String(1000 + i));
          expect((await s.handlers['flows.status']({ udid }))[0]!.status).toBe(`assigned to its first user, Person ${i + 1}`);
        }
        expect((await s.handlers['flows.status']({ udid: company[5]! }))[0]!.status).toBe('staged – awaiting first user');
      }, 120_000);
    }

    it('stages ten devices Advanced for ten people, registering each serial (and IMEI) in the MDM', async () => {
      const s = f.station;
      const targets = company.map((udid, i) => ({ udid, user: PEOPLE[i]!.username }));
      const jobs = await f.stage('single-user-advanced', targets);
      expect(jobs.map((id) => f.store.jobs.get(id)?.state)).toEqual(jobs.map(() => 'succeeded'));
      await eventually(() => f.store.outbox.counts().pending + f.store.outbox.counts().sending === 0, 60_000, 50);
      expect(f.store.outbox.counts().dead).toBe(0);
      for (const [i, udid] of company.entries()) {
        const d = f.store.devices.get(udid)!;
        const userId = f.userId(PEOPLE[i]!, i);
        expect(f.store.assignments.current({ udid, serial: d.serial })).toMatchObject({ kind: 'registration', userId });
        const messages = f.store.outbox.list({}).filter((m) => m.kind === 'register-device' && m.deviceKey === d.serial!.toUpperCase());
        expect(messages).toHaveLength(1);
        expect(messages[0]!.payload).toMatchObject({ serial: d.serial!.toUpperCase(), userId, imei: d.imei });
        if (f.ws1) expect(f.ws1.callsFor(d.serial!).filter((c) => c.startsWith('register:'))).toEqual([`register:${userId}`]);
        expect((await s.handlers['flows.status']({ udid }))[0]!.status).toBe(`registered to Person ${i + 1} – awaiting hand-off`);
      }
    }, 300_000);

    it('hands a device only to its registered user; anyone else is refused and audited', async () => {
      const s = f.station;
      const udid = company[0]!;
      const stranger = PEOPLE[1]!;
      await expect(s.handlers['flows.handoff']({ udid, credential: { badge: stranger.badge } })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(s.handlers['flows.handoff']({ udid, user: stranger.username })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(s.handlers['flows.handoff']({ udid, credential: { username: PEOPLE[0]!.username, pin: '0000' } })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const refused = f.store.audit.query({ action: 'flow.handoff.refused', udid });
      expect(refused).toHaveLength(2);
      expect(refused.every((a) => a.details.presentedUserId === f.userId(stranger, 1))).toBe(true);
      const ok = await s.handlers['flows.handoff']({ udid, credential: { username: PEOPLE[0]!.username, pin: userPin() } });
      expect(ok).toMatchObject({ handedOver: true, user: { displayName: 'Person 1' } });
      expect(f.store.audit.query({ action: 'flow.handoff', udid })).toHaveLength(1);
    }, 60_000);

    it('prints a hand-off sheet that renders and names the user and the serial', async () => {
      const s = f.station;
      const udid = company[3]!;
      const serial = f.store.devices.get(udid)!.serial!;
      const sheet = await s.handlers['flows.handoffSheet']({ udid });
      const pdf = join(out, sheet.fileName);
      writeFileSync(pdf, Buffer.from(sheet.pdfBase64, 'base64'));
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, join(out, 'sheet')]);
      expect(existsSync(join(out, 'sheet.png'))).toBe(true);
      expect(statSync(join(out, 'sheet.png')).size).toBeGreaterThan(5_000);
      const text = execFileSync('pdftotext', [pdf, '-']).toString();
      expect(text).toContain('Person 4');
      expect(text).toContain(serial);
      expect(text).toContain('Cart slot');
      // The staging run also left the sheet in the data directory.
      expect(existsSync(join(f.h.dir, 'data', 'handoff', sheet.fileName))).toBe(true);
    }, 60_000);

    it('forgets the personal device entirely when it is unenrolled', async () => {
      const s = f.station;
      // The MDM knows User Enrollment devices by Enrollment ID only; record this one as such (the
      // station cannot tell from the device itself) and unenroll it by that ID.
      f.store.devices.upsert({ udid: personal, enrollmentType: 'user', enrollmentId: 'UE-0123456789ABCDEF0123' });
      const enrollmentId = f.store.devices.get(personal)!.enrollmentId!;
      expect(f.store.devices.get(personal)!.serial).toBeNull();
      expect((await s.handlers['flows.status']({})).find((d) => d.enrollmentId === enrollmentId)?.status).toMatch(/User Enrollment/);
      expect(await s.handlers['flows.unenroll']({ enrollmentId })).toEqual({ deleted: true });
      expect(f.store.devices.get(personal)).toBeUndefined();
      expect(f.store.devices.getByEnrollmentId(enrollmentId)).toBeUndefined();
      expect(f.store.jobs.journal(personal, 5)).toEqual([]);
      expect(await s.handlers['flows.unenroll']({ enrollmentId })).toEqual({ deleted: false });
    });
  });
}
