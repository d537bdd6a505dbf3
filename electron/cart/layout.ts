import { z } from 'zod';

/**
 * A cart's physical layout: which USB port is which numbered slot. The port identity comes from
 * the device layer (the USB bus/port path where the platform gives it, else usbmuxd's LocationID)
 * and is the same every time a device is plugged into the same port.
 */
export const SlotAssignment = z.object({
  slot: z.number().int().min(1),
  portId: z.string().min(1),
  label: z.string().optional(),
});
export type SlotAssignment = z.infer<typeof SlotAssignment>;

export const CartLayout = z
  .object({
    name: z.string().min(1),
    rows: z.number().int().min(1).max(50),
    columns: z.number().int().min(1).max(50),
    slots: z.array(SlotAssignment),
  })
  .superRefine((layout, ctx) => {
    const capacity = layout.rows * layout.columns;
    const seenSlots = new Set<number>();
    const seenPorts = new Set<string>();
    layout.slots.forEach((s, i) => {
      if (s.slot > capacity) ctx.addIssue({ code: 'custom', path: ['slots', i, 'slot'], message: `slot ${s.slot} does not fit a ${layout.rows}×${layout.columns} cart` });
      if (seenSlots.has(s.slot)) ctx.addIssue({ code: 'custom', path: ['slots', i, 'slot'], message: `slot ${s.slot} is assigned twice` });
      if (seenPorts.has(s.portId)) ctx.addIssue({ code: 'custom', path: ['slots', i, 'portId'], message: `port ${s.portId} is assigned to two slots` });
      seenSlots.add(s.slot);
      seenPorts.add(s.portId);
    });
  });
export type CartLayout = z.infer<typeof CartLayout>;

export function emptyLayout(name: string, rows: number, columns: number): CartLayout {
  return CartLayout.parse({ name, rows, columns, slots: [] });
}

/** The slot of a port, or null for a port the layout does not know (shown as "unknown port"). */
export function slotForPort(layout: CartLayout, portId: string | null | undefined): number | null {
  if (!portId) return null;
  return layout.slots.find((s) => s.portId === portId)?.slot ?? null;
}

export function portForSlot(layout: CartLayout, slot: number): string | null {
  return layout.slots.find((s) => s.slot === slot)?.portId ?? null;
}

/** Row and column (from 0) of a slot, numbering left to right, top to bottom. */
export function slotPosition(layout: Pick<CartLayout, 'columns'>, slot: number): { row: number; column: number } {
  return { row: Math.floor((slot - 1) / layout.columns), column: (slot - 1) % layout.columns };
}

/** Assign (or move) a port to a slot; the slot's previous port and the port's previous slot are released. */
export function assignSlot(layout: CartLayout, slot: number, portId: string, label?: string): CartLayout {
  const slots = layout.slots.filter((s) => s.slot !== slot && s.portId !== portId);
  slots.push({ slot, portId, ...(label ? { label } : {}) });
  slots.sort((a, b) => a.slot - b.slot);
  return CartLayout.parse({ ...layout, slots });
}

/**
 * Auto-numbering: give slots 1…N to the given ports in their natural order. LocationIDs encode
 * the hub path (port numbers nibble by nibble), so numeric order is the hub's port order.
 */
export function autoNumber(layout: CartLayout, portIds: string[]): CartLayout {
  const ordered = [...new Set(portIds)].sort(comparePortIds);
  if (ordered.length > layout.rows * layout.columns) {
    throw new Error(`${ordered.length} ports do not fit a ${layout.rows}×${layout.columns} cart`);
  }
  return CartLayout.parse({ ...layout, slots: ordered.map((portId, i) => ({ slot: i + 1, portId })) });
}

export function comparePortIds(a: string, b: string): number {
  const kind = (id: string) => id.split(':')[0] ?? '';
  if (kind(a) !== kind(b)) return kind(a).localeCompare(kind(b));
  const na = portSortKey(a);
  const nb = portSortKey(b);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? -1) - (nb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

function portSortKey(portId: string): number[] {
  const loc = /^loc:(?:0x)?([0-9a-f]+)$/i.exec(portId);
  if (loc?.[1]) return [parseInt(loc[1], 16)];
  return (portId.match(/\d+/g) ?? []).map(Number);
}
