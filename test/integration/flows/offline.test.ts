import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationInternals } from '../../../electron/station/station-internals.js';
import { FlowHarness, userPin, users, eventually } from './flow-harness.js';

const PEOPLE = users(8, 'o');

describe('Multi User with the MDM down (fake Workspace ONE): the cart keeps working, the MDM catches up exactly once', () => {
  const f = new FlowHarness(6, 'offline');

  beforeAll(async () => {
    await f.start({ rows: 1, columns: 6, mdm: 'ws1' });
    await f.addUsers(PEOPLE);
    await f.station.handlers['flows.settings']({ change: { batteryThreshold: 20, returnPolicy: 'keep' } });
    await f.stage('multi-user', 'all');
    f.enrollInWs1(f.store.devices.list().map((d) => d.serial!));
    for (const d of await f.cart.devices()) await f.cart.setBattery(d.udid, { level: 90 });
  }, 300_000);
  afterAll(() => f.dispose());

  it('checks out and in against the cached directory while Workspace ONE is unreachable, then delivers once', async () => {
    const s = f.station;
    await eventually(() => f.store.outbox.counts().pending + f.store.outbox.counts().sending === 0, 60_000, 50);
    const before = f.ws1!.calls.length;
    await f.ws1!.down();

    const search = await s.handlers['users.search']({ query: 'o3', limit: 20 });
    expect(search.offline).toBe(true);
    expect(search.users.map((u) => u.username)).toContain('o3');

    const expected = new Map<string, string[]>();
    for (let i = 0; i < 10; i++) {
      const person = PEOPLE[i % PEOPLE.length]!;
      const byBadge = i % 2 === 0;
      const r = byBadge
        ? await s.handlers['kiosk.checkOut']({ credential: { badge: person.badge } })
        : await s.handlers['flows.checkout']({ user: person.username, awaitPickup: true }).then((x) => ({ device: x.device, pickId: x.pick!.pickId }));
      await f.cart.act(r.device.udid, 'unplug');
      await eventually(() => s.handlers['kiosk.pick']({ pickId: r.pickId! }).then((p) => p.state === 'taken'), 20_000, 20);
      await f.cart.act(r.device.udid, 'plug');
      await eventually(() => !f.store.checkouts.activeForDevice(r.device.udid), 20_000, 20);
      const serial = f.store.devices.get(r.device.udid)!.serial!;
      expected.set(serial, [...(expected.get(serial) ?? []), `enrollmentuser:${1000 + (i % PEOPLE.length)}`, 'enrollmentuser:99']);
    }
    // Everything is recorded locally and waits in the outbox; the MDM has seen nothing.
    expect(f.store.checkouts.active()).toEqual([]);
    expect(f.store.outbox.counts().pending + f.store.outbox.counts().sending).toBe(20);
    await eventually(() => f.store.outbox.list({ state: 'pending' }).some((m) => m.attempts >= 1 && m.lastError?.startsWith('MDM_UNAVAILABLE')), 30_000, 50);
    expect(f.ws1!.calls.length).toBe(before);
    expect(f.store.outbox.counts().dead).toBe(0);

    await f.ws1!.up();
    stationInternals(s).mdmLink.outbox!.wake();
    await eventually(() => f.store.outbox.counts().pending + f.store.outbox.counts().sending === 0, 120_000, 50);
    expect(f.store.outbox.counts().dead).toBe(0);
    for (const [serial, calls] of expected) {
      expect(f.ws1!.callsFor(serial).filter((c) => c.startsWith('enrollmentuser:')), serial).toEqual(calls);
    }
    expect(f.ws1!.calls.length - before).toBe(20);
  }, 300_000);

  it('marks an overdue device lost: Workspace ONE gets lost mode once, and switches it off when the device is back', async () => {
    const s = f.station;
    await s.handlers['flows.settings']({ change: { loanHours: 0.0001 } });
    const r = await s.handlers['flows.checkout']({ user: PEOPLE[0]!.username, awaitPickup: false });
    const serial = f.store.devices.get(r.device.udid)!.serial!;
    await f.cart.act(r.device.udid, 'unplug');
    await eventually(() => s.handlers['flows.checkouts']({ states: ['overdue'] }).then((l) => l.length === 1), 10_000, 100);
    const [overdue] = await s.handlers['flows.checkouts']({ states: ['overdue'] });
    expect(overdue).toMatchObject({ udid: r.device.udid, userName: 'Person 1', state: 'overdue' });
    const lost = await s.handlers['flows.markLost']({ udid: r.device.udid });
    expect(lost.checkout.state).toBe('lost');
    expect(lost.lostMode).toMatchObject({ status: 'queued', message: expect.stringMatching(/^Lost mode is queued/) });
    // Marking it lost again (a second click) sends nothing more.
    expect((await s.handlers['flows.markLost']({ udid: r.device.udid })).lostMode.status).toBe('queued');
    await eventually(() => f.ws1!.callsFor(serial).includes('lostmode:on'), 30_000, 50);
    expect(f.ws1!.devices.get(serial)!.lostMode).toBe(true);
    // Found again: plugged into the cart, it is checked in and taken out of lost mode first.
    await f.cart.act(r.device.udid, 'plug');
    await eventually(() => !f.store.checkouts.activeForDevice(r.device.udid), 20_000, 20);
    expect(f.store.audit.query({ action: 'flow.checkin', udid: r.device.udid, limit: 1 })[0]!.details).toMatchObject({ wasLost: true, lostModeOff: true });
    await eventually(() => f.store.outbox.counts().pending + f.store.outbox.counts().sending === 0, 60_000, 50);
    expect(f.ws1!.callsFor(serial).slice(-4)).toEqual(['enrollmentuser:1000', 'lostmode:on', 'lostmode:off', 'enrollmentuser:99']);
    expect(f.ws1!.callsFor(serial).filter((c) => c.startsWith('lostmode:'))).toEqual(['lostmode:on', 'lostmode:off']);
    expect(f.ws1!.devices.get(serial)!.lostMode).toBe(false);
    expect(f.store.outbox.counts().dead).toBe(0);
  }, 120_000);

  it('keeps the badges and PINs handed out at the station through directory syncs', async () => {
    const s = f.station;
    await f.sync();
    await f.sync();
    const person = PEOPLE[2]!;
    expect((await s.handlers['kiosk.identify']({ credential: { badge: person.badge } })).user.displayName).toBe(person.name);
    expect((await s.handlers['kiosk.identify']({ credential: { username: person.username, pin: userPin() } })).user.displayName).toBe(person.name);
  }, 60_000);
});
