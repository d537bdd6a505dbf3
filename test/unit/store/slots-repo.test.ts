import { describe, expect, it } from 'vitest';
import { testStore } from './helpers.js';

describe('SlotsRepo', () => {
  it('creates layouts and keeps exactly one active', () => {
    const { store } = testStore();
    store.slots.createLayout({ name: '4x8', gridRows: 4, gridColumns: 8 });
    store.slots.createLayout({ name: 'hub' });
    expect(() => store.slots.createLayout({ name: 'hub' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    store.slots.setActiveLayout('4x8');
    store.slots.setActiveLayout('hub');
    expect(store.slots.activeLayout()?.name).toBe('hub');
    expect(store.slots.listLayouts().filter((l) => l.active).map((l) => l.name)).toEqual(['hub']);
    expect(() => store.slots.setActiveLayout('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('maps ports to slots by USB path first, then by LocationID; unknown ports are undefined', () => {
    const { store } = testStore();
    store.slots.createLayout({ name: 'cart' });
    store.slots.setActiveLayout('cart');
    store.slots.assignPort('cart', 1, { locationId: 0x01100000, usbPath: '1-1.1' }, 'Row A, 1');
    store.slots.assignPort('cart', 2, { usbPath: '1-1.2' });
    expect(store.slots.lookupByPort({ locationId: 0x01100000 })).toMatchObject({ slotNumber: 1, label: 'Row A, 1' });
    expect(store.slots.lookupByPort({ locationId: 0x99, usbPath: '1-1.2' })?.slotNumber).toBe(2);
    expect(store.slots.lookupByPort({ locationId: 0x99 })).toBeUndefined();
    // After a replug on Linux the LocationID may now collide with another slot's; the path decides.
    expect(store.slots.lookupByPort({ locationId: 0x01100000, usbPath: '1-1.2' })?.slotNumber).toBe(2);
    expect(store.slots.lookupByPort({ locationId: 0x01100000 }, 'other')).toBeUndefined();
  });

  it('moves a port when it is calibrated into another slot (a port is in one slot only)', () => {
    const { store } = testStore();
    store.slots.createLayout({ name: 'cart' });
    store.slots.assignPort('cart', 1, { locationId: 7 });
    store.slots.assignPort('cart', 3, { locationId: 7 });
    expect(store.slots.list('cart').map((s) => [s.slotNumber, s.locationId])).toEqual([[1, null], [3, 7]]);
    expect(store.slots.lookupByPort({ locationId: 7 }, 'cart')?.slotNumber).toBe(3);
    expect(() => store.slots.assignPort('cart', 4, {})).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('exports a layout to JSON and imports it back, replacing the layout of that name', () => {
    const { store } = testStore();
    store.slots.createLayout({ name: 'cart', gridRows: 1, gridColumns: 2, description: 'bench' });
    store.slots.setActiveLayout('cart');
    store.slots.assignPort('cart', 1, { locationId: 11 }, 'left');
    store.slots.assignPort('cart', 2, { usbPath: '3-2' }, 'right');
    const file = JSON.parse(JSON.stringify(store.slots.exportLayout('cart')));
    expect(file).toEqual({
      format: 'cartwright.slots',
      version: 1,
      layout: { name: 'cart', gridRows: 1, gridColumns: 2, description: 'bench' },
      slots: [
        { slotNumber: 1, locationId: 11, usbPath: null, label: 'left' },
        { slotNumber: 2, locationId: null, usbPath: '3-2', label: 'right' },
      ],
    });
    store.slots.assignPort('cart', 5, { locationId: 55 });
    const imported = store.slots.importLayout(file);
    expect(imported.active).toBe(true);
    expect(store.slots.list('cart').map((s) => s.slotNumber)).toEqual([1, 2]);

    const { store: other } = testStore();
    other.slots.importLayout(file);
    expect(other.slots.exportLayout('cart')).toEqual(file);
  });

  it('rejects a file that is not a slot layout', () => {
    const { store } = testStore();
    expect(() => store.slots.importLayout({ format: 'something-else' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
