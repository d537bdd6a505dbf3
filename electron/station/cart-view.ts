import type { CartView } from '../api/cart.js';
import type { DeviceSummary } from '../api/device.js';
import { portKeyOf, type CartMap } from '../cart/cart-map.js';

/**
 * The cart as the screens draw it: the active layout, which device is in which slot, the ports
 * the layout does not know, and where a calibration walk stands. One builder for `cart.get`,
 * `cart.calibrate` and the `cart` event, so the three never disagree.
 */
export function cartView(parts: { cart: CartMap; registry: { list(): DeviceSummary[] } }): CartView {
  const layout = parts.cart.layout();
  const devices = parts.registry.list().filter((d) => d.connected);
  const slots = parts.cart.list();
  const bySlot = new Map(devices.filter((d) => d.slot !== null).map((d) => [d.slot, d.udid]));
  return {
    layout: layout ? { name: layout.name, rows: layout.gridRows ?? 1, columns: layout.gridColumns ?? Math.max(1, slots.length) } : null,
    slots: slots.map((s) => ({ slot: s.slotNumber, label: s.label, portId: portKeyOf(s), udid: bySlot.get(s.slotNumber) ?? null })),
    unknownPorts: devices.filter((d) => d.slot === null).map((d) => ({ portId: d.portId ?? 'unknown', udid: d.udid })),
    calibration: parts.cart.calibrating,
  };
}
