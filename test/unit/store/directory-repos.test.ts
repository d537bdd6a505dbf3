import { describe, expect, it } from 'vitest';
import { testStore } from './helpers.js';

describe('UsersRepo', () => {
  it('upserts users and finds them by id, badge, username and search', () => {
    const { store } = testStore();
    store.users.upsertMany([
      { id: 'u1', name: 'Ana Lima', username: 'alima', email: 'ana@example.org', badge: '0042', pinHash: 'scrypt$x', groups: ['nurses'], source: 'local' },
      { id: 'u2', name: 'Bo Chen', email: 'bo@example.org', source: 'mdm' },
    ]);
    expect(store.users.get('u1')).toMatchObject({ name: 'Ana Lima', groups: ['nurses'], pinHash: 'scrypt$x' });
    expect(store.users.findByBadge(' 0042 ')?.id).toBe('u1');
    expect(store.users.findByUsername('ALIMA')?.id).toBe('u1');
    expect(store.users.search('example').map((u) => u.id)).toEqual(['u1', 'u2']);
    expect(store.users.search('50%')).toEqual([]);
    expect(store.users.list('mdm').map((u) => u.id)).toEqual(['u2']);
  });

  it('refuses a badge that already belongs to someone else, and an import with one is not applied at all', () => {
    const { store } = testStore();
    store.users.upsert({ id: 'u1', name: 'Ana', badge: '7', source: 'local' });
    expect(() =>
      store.users.upsertMany([
        { id: 'u2', name: 'Bo', source: 'local' },
        { id: 'u3', name: 'Cy', badge: '7', source: 'local' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(store.users.get('u2')).toBeUndefined();
  });

  it('replaces one source wholesale on a directory refresh, leaving the other source alone', () => {
    const { store } = testStore();
    store.users.upsertMany([
      { id: 'local-1', name: 'Local', source: 'local' },
      { id: 'm1', name: 'Gone', badge: '9', source: 'mdm' },
      { id: 'm2', name: 'Stays', source: 'mdm' },
    ]);
    const removed = store.users.replaceSource('mdm', [
      { id: 'm2', name: 'Stays Renamed' },
      { id: 'm3', name: 'New', badge: '9' },
    ]);
    expect(removed).toBe(1);
    expect(store.users.list().map((u) => u.id)).toEqual(['local-1', 'm3', 'm2']);
  });
});

describe('AssignmentsRepo', () => {
  it('keeps one current assignment per device, ending the previous one', () => {
    const { store, clock } = testStore();
    store.devices.upsert({ udid: 'D1', serial: 'SER1' });
    const staging = store.assignments.assign({ udid: 'D1', serial: 'ser1' }, 'staging-user', 'staging');
    clock.advance(60_000);
    const firstUser = store.assignments.assign({ serial: 'SER1' }, 'u7', 'first-user');
    expect(store.assignments.current({ udid: 'D1' })).toEqual(firstUser);
    const history = store.assignments.history({ udid: 'D1', serial: 'SER1' });
    expect(history.map((a) => [a.kind, a.endedAt])).toEqual([
      ['staging', '2026-03-02T08:01:00.000Z'],
      ['first-user', null],
    ]);
    expect(staging.serial).toBe('SER1');
    expect(store.assignments.currentForUser('u7')).toHaveLength(1);
    expect(store.assignments.end({ udid: 'D1' })).toBe(true);
    expect(store.assignments.current({ udid: 'D1' })).toBeUndefined();
  });

  it('accepts a registration by serial before the device has been seen', () => {
    const { store } = testStore();
    const registration = store.assignments.assign({ serial: 'NEVERSEEN1' }, 'u1', 'registration');
    expect(registration).toMatchObject({ udid: null, serial: 'NEVERSEEN1', kind: 'registration' });
    expect(() => store.assignments.assign({}, 'u1', 'registration')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('CheckoutsRepo', () => {
  it('checks a device out and in, once at a time', () => {
    const { store, clock } = testStore();
    store.devices.upsert({ udid: 'D1' });
    const out = store.checkouts.checkOut({ udid: 'D1', userId: 'u1', slotNumber: 3, dueAt: new Date('2026-03-02T16:00:00Z') });
    expect(out).toMatchObject({ state: 'open', slotNumber: 3, dueAt: '2026-03-02T16:00:00.000Z' });
    expect(() => store.checkouts.checkOut({ udid: 'D1', userId: 'u2' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(store.checkouts.activeForUser('u1')).toHaveLength(1);
    clock.advance(3_600_000);
    const back = store.checkouts.checkIn('D1', 7);
    expect(back).toMatchObject({ state: 'returned', returnSlotNumber: 7, checkedInAt: '2026-03-02T09:00:00.000Z' });
    expect(store.checkouts.checkIn('D1')).toBeUndefined();
    expect(store.checkouts.checkOut({ udid: 'D1', userId: 'u2' }).state).toBe('open');
    expect(store.checkouts.history('D1')).toHaveLength(2);
  });

  it('flags overdue check-outs once, and marks lost devices', () => {
    const { store, clock } = testStore();
    store.devices.upsert({ udid: 'D1' });
    store.devices.upsert({ udid: 'D2' });
    const late = store.checkouts.checkOut({ udid: 'D1', userId: 'u1', dueAt: new Date('2026-03-02T09:00:00Z') });
    store.checkouts.checkOut({ udid: 'D2', userId: 'u2', dueAt: new Date('2026-03-03T09:00:00Z') });
    expect(store.checkouts.markOverdue()).toEqual([]);
    clock.advance(2 * 3_600_000);
    expect(store.checkouts.markOverdue().map((c) => [c.udid, c.state])).toEqual([['D1', 'overdue']]);
    expect(store.checkouts.markOverdue()).toEqual([]);
    expect(store.checkouts.active(['overdue']).map((c) => c.udid)).toEqual(['D1']);
    expect(store.checkouts.markLost(late.id).state).toBe('lost');
    expect(store.checkouts.active().map((c) => [c.udid, c.state])).toEqual([['D1', 'lost'], ['D2', 'open']]);
    // A lost device that turns up is checked in normally.
    expect(store.checkouts.checkIn('D1')?.state).toBe('returned');
    expect(() => store.checkouts.markLost(late.id)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
});
