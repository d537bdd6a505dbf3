import { describe, expect, it } from 'vitest';
import { testStore } from './helpers.js';

// The sync loop's cache of MDM answers, now a store repository (it was SQL inside mdm/).
describe('MdmDevicesRepo', () => {
  it('keys devices by normalised serial and keeps the last lookup and ADE facts side by side', () => {
    const { store, clock } = testStore(); // starts at 2026-03-02T08:00:00.000Z
    const answer = { id: '42', enrollment: 'enrolled' as const, enrollmentStatus: 'Enrolled', username: 'ann', userId: '7' };
    store.mdmDevices.recordLookup(' dmq x1 ', 'udid-1', answer);
    clock.advance(60_000);
    store.mdmDevices.recordAde({ serial: 'DMQX1', assigned: true, server: 'ABM Prod', profileName: 'Cart', profileStatus: 'assigned' });

    expect(store.mdmDevices.get('dmqx1')).toEqual({
      serial: 'DMQX1',
      udid: 'udid-1',
      mdmId: '42',
      enrollment: 'enrolled',
      enrollmentStatus: 'Enrolled',
      username: 'ann',
      userId: '7',
      adeAssigned: true,
      adeServer: 'ABM Prod',
      adeProfile: 'Cart',
      adeProfileStatus: 'assigned',
      checkedAt: '2026-03-02T08:00:00.000Z',
      adeCheckedAt: '2026-03-02T08:01:00.000Z',
    });
  });

  it('records a device the MDM does not know as absent, keeping the udid it learned before', () => {
    const { store } = testStore();
    store.mdmDevices.recordLookup('S1', 'udid-1', { id: '1', enrollment: 'pending', enrollmentStatus: null, username: null, userId: null });
    store.mdmDevices.recordLookup('S1', null, undefined);
    expect(store.mdmDevices.get('S1')).toMatchObject({ udid: 'udid-1', mdmId: null, enrollment: 'absent', adeAssigned: null });
    expect(store.mdmDevices.get('S2')).toBeUndefined();
    expect(store.mdmDevices.list().map((d) => d.serial)).toEqual(['S1']);
  });

  it('stamps with the clock it is given, so a sync pass writes its own time', () => {
    const { store } = testStore();
    store.mdmDevices.withClock(() => new Date('2030-01-01T00:00:00.000Z')).recordLookup('S1', null, undefined);
    expect(store.mdmDevices.get('S1')?.checkedAt).toBe('2030-01-01T00:00:00.000Z');
  });
});
