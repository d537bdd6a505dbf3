import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CartMap, portKeyOf, storePort } from '../../../electron/cart/cart-map.js';
import { comparePortKeys, slotPosition } from '../../../electron/cart/port-order.js';
import { openStore, type Store } from '../../../electron/store/store.js';

const loc = (n: number) => ({ key: `loc:0x${n.toString(16).padStart(8, '0')}`, locationId: n });

describe('cart map (real SQLite slots)', () => {
  let dir: string;
  let store: Store;
  let cart: CartMap;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-cart-'));
    store = openStore(dir);
    cart = new CartMap(store.slots);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('calibrates slot by slot as devices are plugged in, ignoring a device moved along twice', () => {
    cart.startCalibration('Cart A', 1, 3);
    expect(cart.calibrating).toEqual({ active: true, nextSlot: 1 });
    expect(cart.onAttach(loc(0x14100000))).toBe(1);
    expect(cart.onAttach(loc(0x14100000))).toBeNull();
    cart.skip();
    expect(cart.onAttach(loc(0x14300000))).toBe(3);
    expect(cart.calibrating.active).toBe(false);
    expect(cart.slotFor(loc(0x14100000))).toBe(1);
    expect(cart.slotFor(loc(0x14300000))).toBe(3);
    expect(cart.slotFor(loc(0x99))).toBeNull();
    expect(cart.slotFor({ key: 'unknown' })).toBeNull();
  });

  it('auto-numbers occupied ports in hub order and prefers the USB path when known', () => {
    const usb = { key: 'usb:1-2.4', locationId: 0x14400000, usbBus: 1, usbPorts: [2, 4] };
    expect(cart.autoNumber('Cart B', 2, 2, [loc(0x14300000), loc(0x14100000), loc(0x14200000)])).toBe(3);
    expect([0x14100000, 0x14200000, 0x14300000].map((n) => cart.slotFor(loc(n)))).toEqual([1, 2, 3]);
    expect(storePort(usb)).toEqual({ locationId: 0x14400000, usbPath: '1-2.4' });
    expect(portKeyOf({ locationId: null, usbPath: '1-2.4' })).toBe('usb:1-2.4');
    expect(() => cart.autoNumber('Tiny', 1, 1, [loc(1), loc(2)])).toThrow(/do not fit a 1×1 cart/);
  });

  it('orders ports and places slots row by row', () => {
    expect(['loc:0x14300000', 'usb:1-2', 'loc:0x14100000'].sort(comparePortKeys)).toEqual(['loc:0x14100000', 'loc:0x14300000', 'usb:1-2']);
    expect(slotPosition(8, 9)).toEqual({ row: 1, column: 0 });
    expect(slotPosition(8, 16)).toEqual({ row: 1, column: 7 });
  });
});
