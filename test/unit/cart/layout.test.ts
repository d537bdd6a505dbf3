import { describe, expect, it } from 'vitest';
import { CalibrationSession } from '../../../electron/cart/calibration.js';
import { assignSlot, autoNumber, CartLayout, emptyLayout, slotForPort, slotPosition } from '../../../electron/cart/layout.js';

describe('cart layout', () => {
  it('maps ports to slots and reports unknown ports as null', () => {
    let layout = emptyLayout('Cart A', 4, 8);
    layout = assignSlot(layout, 1, 'loc:0x14100000');
    layout = assignSlot(layout, 2, 'loc:0x14200000');
    expect(slotForPort(layout, 'loc:0x14200000')).toBe(2);
    expect(slotForPort(layout, 'loc:0x99')).toBeNull();
    expect(slotForPort(layout, null)).toBeNull();
    // moving a port to another slot frees its old slot
    layout = assignSlot(layout, 5, 'loc:0x14100000');
    expect(layout.slots.map((s) => [s.slot, s.portId])).toEqual([
      [2, 'loc:0x14200000'],
      [5, 'loc:0x14100000'],
    ]);
  });

  it('auto-numbers ports in hub order', () => {
    const layout = autoNumber(emptyLayout('A', 1, 4), ['loc:0x14300000', 'loc:0x14100000', 'usb:1-2.4', 'loc:0x14200000']);
    expect(layout.slots.map((s) => s.portId)).toEqual(['loc:0x14100000', 'loc:0x14200000', 'loc:0x14300000', 'usb:1-2.4']);
    expect(() => autoNumber(emptyLayout('A', 1, 2), ['a1', 'a2', 'a3'])).toThrow(/do not fit a 1×2 cart/);
  });

  it('validates imported layouts', () => {
    const r = CartLayout.safeParse({ name: 'x', rows: 1, columns: 2, slots: [{ slot: 3, portId: 'p' }, { slot: 1, portId: 'p' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['slot 3 does not fit a 1×2 cart', 'port p is assigned to two slots']);
  });

  it('places slots row by row', () => {
    expect(slotPosition({ columns: 8 }, 1)).toEqual({ row: 0, column: 0 });
    expect(slotPosition({ columns: 8 }, 9)).toEqual({ row: 1, column: 0 });
    expect(slotPosition({ columns: 8 }, 16)).toEqual({ row: 1, column: 7 });
  });

  it('calibrates slot by slot as devices are plugged in', () => {
    const session = new CalibrationSession(emptyLayout('A', 1, 3));
    expect(session.onAttach('p-a')).toBe(1);
    expect(session.onAttach('p-a')).toBeNull(); // same device moved along: ignored
    session.skip(); // slot 2 has a broken port
    expect(session.onAttach('p-c')).toBe(3);
    expect(session.done).toBe(true);
    expect(session.onAttach('p-d')).toBeNull();
    expect(session.result().slots).toEqual([
      { slot: 1, portId: 'p-a' },
      { slot: 3, portId: 'p-c' },
    ]);
  });
});
