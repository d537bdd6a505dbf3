import { describe, expect, it } from 'vitest';
import { testStore } from './helpers.js';

const UDID = '00008110-001A2B3C4D5E6F70';

describe('DevicesRepo', () => {
  it('creates a device from its first snapshot and stamps first and last seen', () => {
    const { store } = testStore();
    const device = store.devices.upsert({ udid: UDID, serial: 'DMPXK1Q2ABCD', productType: 'iPad13,18', connected: true, batteryLevel: 87 });
    expect(device).toMatchObject({ udid: UDID, serial: 'DMPXK1Q2ABCD', productType: 'iPad13,18', connected: true, batteryLevel: 87, enrollmentType: 'device', supervised: null });
    expect(device.firstSeen).toBe('2026-03-02T08:00:00.000Z');
    expect(device.lastSeen).toBe(device.firstSeen);
  });

  it('merges later snapshots: omitted fields are kept, null clears, last seen moves, first seen stays', () => {
    const { store, clock } = testStore();
    store.devices.upsert({ udid: UDID, serial: 'DMPXK1Q2ABCD', organizationName: 'Old Org', supervised: true, name: 'iPad' });
    clock.advance(60_000);
    const after = store.devices.upsert({ udid: UDID, organizationName: null, supervised: false, batteryCharging: true });
    expect(after).toMatchObject({ serial: 'DMPXK1Q2ABCD', name: 'iPad', organizationName: null, supervised: false, batteryCharging: true });
    expect(after.firstSeen).toBe('2026-03-02T08:00:00.000Z');
    expect(after.lastSeen).toBe('2026-03-02T08:01:00.000Z');
  });

  it('skips a repeated unchanged snapshot until last seen is due a refresh, but never a change', () => {
    const { store, clock } = testStore();
    const facts = { udid: UDID, serial: 'DMPXK1Q2ABCD', name: 'iPad', batteryLevel: 80, paired: true };
    expect(store.devices.upsertIfChanged(facts, 60_000)).toBe(true);
    clock.advance(30_000);
    expect(store.devices.upsertIfChanged(facts, 60_000)).toBe(false);
    expect(store.devices.get(UDID)?.lastSeen).toBe('2026-03-02T08:00:00.000Z');
    expect(store.devices.upsertIfChanged({ ...facts, batteryLevel: 79 }, 60_000)).toBe(true);
    expect(store.devices.get(UDID)).toMatchObject({ batteryLevel: 79, lastSeen: '2026-03-02T08:00:30.000Z' });
    clock.advance(60_000);
    expect(store.devices.upsertIfChanged({ ...facts, batteryLevel: 79 }, 60_000)).toBe(true);
    expect(store.devices.get(UDID)?.lastSeen).toBe('2026-03-02T08:01:30.000Z');
    // The User Enrollment privacy rule applies before comparing: a serial it cannot keep is no change.
    store.devices.upsert({ udid: 'byod', enrollmentType: 'user', enrollmentId: 'ENR-7' });
    expect(store.devices.upsertIfChanged({ udid: 'byod', serial: 'LEAKED' }, 60_000)).toBe(false);
    expect(store.devices.get('byod')?.serial).toBeNull();
  });

  it('an unchanged report reads nothing, and a report rolled back or written behind its back is not taken as stored', () => {
    const { store } = testStore();
    const facts = { udid: UDID, serial: 'DMPXK1Q2ABCD', name: 'iPad', batteryLevel: 80, paired: true };
    expect(store.devices.upsertIfChanged(facts, 60_000)).toBe(true);
    expect(() =>
      store.transaction(() => {
        expect(store.devices.upsertIfChanged({ ...facts, batteryLevel: 50 }, 60_000)).toBe(true);
        throw new Error('rolled back');
      }),
    ).toThrow(/rolled back/);
    expect(store.devices.get(UDID)?.batteryLevel).toBe(80);
    expect(store.devices.upsertIfChanged({ ...facts, batteryLevel: 50 }, 60_000)).toBe(true);
    expect(store.devices.get(UDID)?.batteryLevel).toBe(50);
    // Another writer of the same columns (the battery pass) goes through upsert, which the next report sees.
    store.devices.upsert({ udid: UDID, batteryLevel: 20 });
    expect(store.devices.upsertIfChanged({ ...facts, batteryLevel: 50 }, 60_000)).toBe(true);
    // Only the changed column is written: the journal's and the port's columns are left as they are.
    store.devices.markConnected(UDID, { locationId: 0x14100000, usbPath: null, slotId: null });
    store.devices.setLastJobState(UDID, 'running');
    expect(store.devices.upsertIfChanged({ ...facts, batteryLevel: 49 }, 60_000)).toBe(true);
    expect(store.devices.get(UDID)).toMatchObject({ batteryLevel: 49, serial: 'DMPXK1Q2ABCD', connected: true, locationId: 0x14100000, lastJobState: 'running' });
    // A device deleted and seen again is created again.
    store.devices.delete(UDID);
    expect(store.devices.upsertIfChanged(facts, 60_000)).toBe(true);
    expect(store.devices.get(UDID)).toMatchObject({ batteryLevel: 80, connected: false });
  });

  it('writes any set of changed columns, also past the number of statements kept per set', () => {
    const { store, clock } = testStore();
    const expected: Record<string, string | number | boolean | null> = { serial: 'DMPXK1Q2ABCD', name: 'iPad', batteryLevel: 80, paired: true };
    store.devices.upsertIfChanged({ udid: UDID, ...expected }, 60_000);
    const fields = ['name', 'batteryLevel', 'organizationName', 'supervised', 'productVersion', 'modelName', 'buildVersion'] as const;
    // 127 different sets of changed columns: more than reported-facts.ts keeps a statement for.
    for (let set = 1; set < 1 << fields.length; set++) {
      clock.advance(1_000);
      const report: Record<string, string | number | boolean | null> = {};
      fields.forEach((f, i) => {
        if (!(set & (1 << i))) return;
        report[f] = f === 'batteryLevel' ? set % 101 : f === 'supervised' ? set % 2 === 0 : `${f}-${set}`;
      });
      Object.assign(expected, report);
      expect(store.devices.upsertIfChanged({ udid: UDID, ...report }, 60_000)).toBe(true);
      expect(store.devices.get(UDID)).toMatchObject({ ...expected, lastSeen: clock.now().toISOString() });
    }
  });

  it('keeps no serial or IMEI for a User Enrollment device and finds it by Enrollment ID', () => {
    const { store } = testStore();
    const device = store.devices.upsert({ udid: UDID, enrollmentType: 'user', enrollmentId: 'ENR-42', serial: 'LEAKED', imei: '35 000000 000000 0' });
    expect(device).toMatchObject({ enrollmentType: 'user', enrollmentId: 'ENR-42', serial: null, imei: null });
    expect(store.devices.getByEnrollmentId('ENR-42')?.udid).toBe(UDID);
    // A later snapshot that carries a serial again still cannot store it.
    expect(store.devices.upsert({ udid: UDID, serial: 'AGAIN' }).serial).toBeNull();
  });

  it('deletes an unenrolled User Enrollment device together with its journal', () => {
    const { store } = testStore();
    store.devices.upsert({ udid: UDID, enrollmentType: 'user', enrollmentId: 'ENR-42' });
    const { blueprint } = store.blueprints.save('Inspect', { steps: ['inspect'] });
    store.jobs.create({ udid: UDID, blueprint, steps: ['inspect'] });
    expect(store.devices.delete(UDID)).toBe(true);
    expect(store.devices.get(UDID)).toBeUndefined();
    expect(store.jobs.journal(UDID)).toEqual([]);
    expect(store.devices.delete(UDID)).toBe(false);
  });

  it('tracks connection, port and slot, and lists devices in slot order', () => {
    const { store } = testStore();
    store.slots.createLayout({ name: 'cart' });
    const slot2 = store.slots.assignPort('cart', 2, { locationId: 0x14200000 });
    const slot1 = store.slots.assignPort('cart', 1, { locationId: 0x14100000 });
    store.devices.upsert({ udid: 'B' });
    store.devices.upsert({ udid: 'A' });
    store.devices.upsert({ udid: 'C' });
    store.devices.markConnected('A', { locationId: 0x14200000, usbPath: null, slotId: slot2.id });
    store.devices.markConnected('B', { locationId: 0x14100000, usbPath: '1-1.1', slotId: slot1.id });
    store.devices.markConnected('C', { locationId: 0x14300000, usbPath: null, slotId: null });
    expect(store.devices.list().map((d) => [d.udid, d.slotNumber])).toEqual([['B', 1], ['A', 2], ['C', null]]);
    store.devices.markDisconnected('A');
    expect(store.devices.get('A')).toMatchObject({ connected: false, slotId: null, locationId: null });
    expect(store.devices.list({ connected: true }).map((d) => d.udid)).toEqual(['B', 'C']);
    expect(store.devices.markAllDisconnected()).toBe(2);
    expect(store.devices.list({ connected: true })).toEqual([]);
  });

  it('finds a device by serial', () => {
    const { store } = testStore();
    store.devices.upsert({ udid: UDID, serial: 'F9FXYZ123456' });
    expect(store.devices.getBySerial('F9FXYZ123456')?.udid).toBe(UDID);
    expect(store.devices.getBySerial('NOPE')).toBeUndefined();
  });

  it('rejects an impossible battery level at the schema', () => {
    const { store } = testStore();
    expect(() => store.devices.upsert({ udid: UDID, batteryLevel: 140 })).toThrow(/CHECK constraint/);
  });
});
