import { describe, expect, it } from 'vitest';
import type { CartView, DeviceSummary } from '../../../electron/api/index.js';
import { cartModel } from '../../../renderer/src/cart/cart-model.js';
import { deviceSummary } from '../../helpers/device-summary.js';

/** A 1 × 3 calibrated cart whose view (as cart.get last said) still puts `a` in slot 1 and `b` in slot 2. */
const cart: CartView = {
  layout: { name: 'Cart A', rows: 1, columns: 3 },
  slots: [
    { slot: 1, label: null, portId: 'p1', udid: 'a' },
    { slot: 2, label: null, portId: 'p2', udid: 'b' },
    { slot: 3, label: null, portId: 'p3', udid: null },
  ],
  unknownPorts: [],
  calibration: { active: false, nextSlot: null },
};
const byUdid = (...ds: DeviceSummary[]) => Object.fromEntries(ds.map((d) => [d.udid, d]));
const occupants = (devices: Record<string, DeviceSummary>) => cartModel(cart, devices).cells.map((c) => c.udid);

describe('which device the Cart screen puts in each slot', () => {
  it('follows the live devices, not the occupants of the cart view it loaded', () => {
    // b was pulled out and c plugged into slot 3 since the cart view was read.
    const devices = byUdid(deviceSummary('a', { slot: 1 }), deviceSummary('b', { slot: 2, connected: false, state: 'disconnected' }), deviceSummary('c', { slot: 3 }));
    expect(occupants(devices)).toEqual(['a', null, 'c']);
    expect(cartModel(cart, devices).unplaced).toEqual([]);
  });

  it('keeps a checked-out device in its slot until another device is plugged in there', () => {
    const out = deviceSummary('b', { slot: 2, connected: false, state: 'checked-out', holder: 'Ada' });
    expect(occupants(byUdid(deviceSummary('a', { slot: 1 }), out))).toEqual(['a', 'b', null]);
    expect(occupants(byUdid(deviceSummary('a', { slot: 1 }), out, deviceSummary('d', { slot: 2 })))).toEqual(['a', 'd', null]);
  });

  it('lists a connected device on a port the layout does not know as unplaced', () => {
    const model = cartModel(cart, byUdid(deviceSummary('a', { slot: 1 }), deviceSummary('x', { slot: null })));
    expect(model.cells.map((c) => c.udid)).toEqual(['a', null, null]);
    expect(model.unplaced).toEqual(['x']);
  });
});
