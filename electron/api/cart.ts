import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

export const SlotView = lazySchema(() => z.object({
  slot: z.number().int(),
  label: z.string().nullable(),
  /** Port identity key (`usb:…`, `loc:0x…`), null for a slot not calibrated yet. */
  portId: z.string().nullable(),
  /** The device in this slot now, if any. */
  udid: z.string().nullable(),
}));

export const CartView = lazySchema(() => z.object({
  layout: z.object({ name: z.string(), rows: z.number().int(), columns: z.number().int() }).nullable(),
  slots: z.array(SlotView),
  /** Devices on ports the layout does not know. */
  unknownPorts: z.array(z.object({ portId: z.string(), udid: z.string() })),
  calibration: z.object({ active: z.boolean(), nextSlot: z.number().int().nullable() }),
}));
export type CartView = z.infer<typeof CartView>;
