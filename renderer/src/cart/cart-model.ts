import type { CartView, DeviceSummary } from '../../../electron/api/index.js';
import type { StateFilter } from '../store/ui-store.js';
import { needsAttention } from '../common/device-text.js';

export interface SlotCell {
  slot: number;
  label: string | null;
  udid: string | null;
}

export interface CartModel {
  columns: number;
  cells: SlotCell[];
  /** Devices the layout cannot place: unknown ports, or no layout slot. */
  unplaced: string[];
  calibrated: boolean;
}

/**
 * The cart as it stands on the floor: slots in layout order, rows × columns. Without a layout the
 * devices are laid out by slot number (or arrival) so the cart is still visible.
 */
export function cartModel(cart: CartView | null, devices: Record<string, DeviceSummary>): CartModel {
  const connected = Object.values(devices).filter((d) => d.connected || d.state === 'checked-out');
  if (cart?.layout) {
    // Who sits in a slot comes from the live devices, not from the cart view's occupants (as of its
    // last `cart` event): a device plugged in or pulled out shows at once, with its own event.
    const cells = [...cart.slots].sort((a, b) => a.slot - b.slot).map((s) => ({ slot: s.slot, label: s.label, udid: deviceInSlot(connected, s.slot) }));
    const placed = new Set(cells.map((c) => c.udid).filter((u): u is string => u !== null));
    const unplaced = connected.filter((d) => !placed.has(d.udid)).map((d) => d.udid);
    return { columns: cart.layout.columns, cells, unplaced, calibrated: true };
  }
  const ordered = [...connected].sort((a, b) => (a.slot ?? 1e9) - (b.slot ?? 1e9) || a.udid.localeCompare(b.udid));
  return {
    columns: Math.min(10, Math.max(4, Math.ceil(Math.sqrt(ordered.length * 1.6)))),
    cells: ordered.map((d, i) => ({ slot: d.slot ?? i + 1, label: null, udid: d.udid })),
    unplaced: [],
    calibrated: false,
  };
}

/** The device plugged into the slot; else the one checked out of it (its tile says who holds it). */
function deviceInSlot(devices: DeviceSummary[], slot: number): string | null {
  const here = devices.filter((d) => d.slot === slot);
  return (here.find((d) => d.connected) ?? here[0])?.udid ?? null;
}

/** Filters dim tiles rather than hide them, so the grid keeps its physical shape. */
export function matchesFilter(d: DeviceSummary, filter: StateFilter, search: string): boolean {
  if (filter === 'attention' && !needsAttention(d.state)) return false;
  if (filter !== 'all' && filter !== 'attention' && d.state !== filter) return false;
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return [d.name, d.serial, d.udid, d.model, d.holder, d.slot?.toString()].some((v) => v?.toLowerCase().includes(q));
}
