import type Database from 'better-sqlite3';
import { z } from 'zod';
import { iso, systemClock, type Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import { statementCache, type StatementCache } from '../sql.js';

export interface SlotLayout {
  name: string;
  gridRows: number | null;
  gridColumns: number | null;
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Where a device is plugged in: the USB bus-port path (e.g. "1-2.3.4") and/or usbmuxd's LocationID. */
export interface Port {
  locationId?: number | null;
  usbPath?: string | null;
}

export interface Slot {
  id: number;
  layoutName: string;
  slotNumber: number;
  locationId: number | null;
  usbPath: string | null;
  label: string | null;
}

export interface NewLayout {
  name: string;
  gridRows?: number | null;
  gridColumns?: number | null;
  description?: string | null;
}

/**
 * The biggest cart the station lays out: 64 rows or columns, 1024 slots (the largest charging carts
 * hold under a hundred; a USB host tops out at a few hundred devices). Past that a layout is a typo
 * or an attack on memory and the cart screen, refused before anything is stored.
 */
export const MAX_GRID_SIDE = 64;
export const MAX_SLOTS = 1024;

export function assertLayoutSize(rows: number | null | undefined, columns: number | null | undefined, slots = 0): void {
  const sides = [rows, columns].filter((n): n is number => n !== null && n !== undefined);
  const tooWide = sides.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_GRID_SIDE);
  const capacity = rows && columns ? rows * columns : 0;
  if (tooWide || capacity > MAX_SLOTS || slots > MAX_SLOTS) {
    throw new StoreError(
      'INVALID_INPUT',
      `A cart layout of ${rows ?? '?'}×${columns ?? '?'}${slots ? ` with ${slots} slots` : ''} is too large: at most ${MAX_GRID_SIDE} rows and ${MAX_GRID_SIDE} columns, ${MAX_SLOTS} slots in all.`,
    );
  }
}

/** The file format of `cartwright slots export|import`. */
export const slotLayoutFileSchema = z.object({
  format: z.literal('cartwright.slots'),
  version: z.literal(1),
  layout: z.object({
    name: z.string().min(1),
    gridRows: z.number().int().positive().max(MAX_GRID_SIDE).nullable().default(null),
    gridColumns: z.number().int().positive().max(MAX_GRID_SIDE).nullable().default(null),
    description: z.string().nullable().default(null),
  }),
  slots: z.array(
    z.object({
      slotNumber: z.number().int().min(1).max(MAX_SLOTS),
      locationId: z.number().int().nullable().default(null),
      usbPath: z.string().min(1).nullable().default(null),
      label: z.string().nullable().default(null),
    }),
  ).max(MAX_SLOTS),
});
export type SlotLayoutFile = z.infer<typeof slotLayoutFileSchema>;

interface LayoutRecord {
  name: string;
  grid_rows: number | null;
  grid_columns: number | null;
  description: string | null;
  is_active: number;
  created_at: string;
  updated_at: string;
}
interface SlotRecord {
  id: number;
  layout_name: string;
  slot_number: number;
  location_id: number | null;
  usb_path: string | null;
  label: string | null;
}

export class SlotsRepo {
  private readonly sql: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
  }

  createLayout(layout: NewLayout): SlotLayout {
    assertLayoutSize(layout.gridRows, layout.gridColumns);
    const now = iso(this.clock());
    try {
      this.sql(
        `INSERT INTO slot_layouts (name, grid_rows, grid_columns, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(layout.name, layout.gridRows ?? null, layout.gridColumns ?? null, layout.description ?? null, now, now);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new StoreError('CONFLICT', `A slot layout named "${layout.name}" already exists`);
      }
      throw error;
    }
    return this.requireLayout(layout.name);
  }

  getLayout(name: string): SlotLayout | undefined {
    const row = this.sql('SELECT * FROM slot_layouts WHERE name = ?').get(name) as LayoutRecord | undefined;
    return row && toLayout(row);
  }

  listLayouts(): SlotLayout[] {
    return (this.sql('SELECT * FROM slot_layouts ORDER BY name').all() as LayoutRecord[]).map(toLayout);
  }

  activeLayout(): SlotLayout | undefined {
    const row = this.sql('SELECT * FROM slot_layouts WHERE is_active = 1').get() as LayoutRecord | undefined;
    return row && toLayout(row);
  }

  setActiveLayout(name: string): void {
    this.db.transaction(() => {
      this.requireLayout(name);
      this.sql('UPDATE slot_layouts SET is_active = 0 WHERE is_active = 1').run();
      this.sql('UPDATE slot_layouts SET is_active = 1, updated_at = ? WHERE name = ?').run(iso(this.clock()), name);
    })();
  }

  /** A layout gets a new name; its slots follow (ON UPDATE CASCADE), and whether it is active stays. */
  renameLayout(from: string, to: string): SlotLayout {
    if (!to.trim()) throw new StoreError('INVALID_INPUT', 'A slot layout needs a name');
    return this.db.transaction(() => {
      this.requireLayout(from);
      if (from !== to && this.getLayout(to)) throw new StoreError('CONFLICT', `A slot layout named "${to}" already exists`);
      this.sql('UPDATE slot_layouts SET name = ?, updated_at = ? WHERE name = ?').run(to, iso(this.clock()), from);
      return this.requireLayout(to);
    })();
  }

  deleteLayout(name: string): boolean {
    return this.sql('DELETE FROM slot_layouts WHERE name = ?').run(name).changes > 0;
  }

  /**
   * Calibration: the device just plugged in sits in `slotNumber`. A port belongs to one slot, so the
   * port is first taken off whichever slot of the layout had it (re-calibration moves it).
   */
  assignPort(layoutName: string, slotNumber: number, port: Port, label?: string | null): Slot {
    const locationId = port.locationId ?? null;
    const usbPath = port.usbPath ?? null;
    if (locationId === null && usbPath === null) throw new StoreError('INVALID_INPUT', 'A port needs a LocationID or a USB path');
    return this.db.transaction(() => {
      this.requireLayout(layoutName);
      this.sql(
        `UPDATE slots SET location_id = CASE WHEN location_id = @locationId THEN NULL ELSE location_id END,
                          usb_path    = CASE WHEN usb_path = @usbPath THEN NULL ELSE usb_path END
         WHERE layout_name = @layoutName AND slot_number <> @slotNumber AND (location_id = @locationId OR usb_path = @usbPath)`,
      ).run({ layoutName, slotNumber, locationId, usbPath });
      this.sql(
        `INSERT INTO slots (layout_name, slot_number, location_id, usb_path, label) VALUES (@layoutName, @slotNumber, @locationId, @usbPath, @label)
         ON CONFLICT (layout_name, slot_number) DO UPDATE SET location_id = excluded.location_id, usb_path = excluded.usb_path,
           label = COALESCE(excluded.label, slots.label)`,
      ).run({ layoutName, slotNumber, locationId, usbPath, label: label ?? null });
      this.touch(layoutName);
      return this.requireSlot(layoutName, slotNumber);
    })();
  }

  setLabel(layoutName: string, slotNumber: number, label: string | null): void {
    this.sql('UPDATE slots SET label = ? WHERE layout_name = ? AND slot_number = ?').run(label, layoutName, slotNumber);
  }

  /**
   * Which slot a port is. The USB bus-port path wins because it is the stable fact: Linux usbmuxd's
   * LocationID embeds the USB device address, which changes on every replug. LocationID is the
   * fallback (macOS encodes the port path in it; the virtual cart has only it). Undefined means an
   * unknown port, which the UI shows as such.
   */
  lookupByPort(port: Port, layoutName: string | undefined = this.activeLayout()?.name): Slot | undefined {
    if (layoutName === undefined) return undefined;
    if (port.usbPath) {
      const row = this.sql('SELECT * FROM slots WHERE layout_name = ? AND usb_path = ?').get(layoutName, port.usbPath) as SlotRecord | undefined;
      if (row) return toSlot(row);
    }
    if (port.locationId !== undefined && port.locationId !== null) {
      const row = this.sql('SELECT * FROM slots WHERE layout_name = ? AND location_id = ?').get(layoutName, port.locationId) as SlotRecord | undefined;
      if (row) return toSlot(row);
    }
    return undefined;
  }

  list(layoutName: string): Slot[] {
    return (this.sql('SELECT * FROM slots WHERE layout_name = ? ORDER BY slot_number').all(layoutName) as SlotRecord[]).map(toSlot);
  }

  exportLayout(name: string): SlotLayoutFile {
    const layout = this.requireLayout(name);
    return {
      format: 'cartwright.slots',
      version: 1,
      layout: { name: layout.name, gridRows: layout.gridRows, gridColumns: layout.gridColumns, description: layout.description },
      slots: this.list(name).map(({ slotNumber, locationId, usbPath, label }) => ({ slotNumber, locationId, usbPath, label })),
    };
  }

  /** Replaces the layout of that name with the file's content, in one transaction. */
  importLayout(file: unknown): SlotLayout {
    const parsed = slotLayoutFileSchema.safeParse(file);
    if (!parsed.success) throw new StoreError('INVALID_INPUT', `Not a Cartwright slot layout file: ${parsed.error.message}`);
    const { layout, slots } = parsed.data;
    return this.db.transaction(() => {
      const wasActive = this.getLayout(layout.name)?.active ?? false;
      this.deleteLayout(layout.name);
      this.createLayout(layout);
      const insert = this.sql('INSERT INTO slots (layout_name, slot_number, location_id, usb_path, label) VALUES (?, ?, ?, ?, ?)');
      for (const slot of slots) insert.run(layout.name, slot.slotNumber, slot.locationId, slot.usbPath, slot.label);
      if (wasActive) this.setActiveLayout(layout.name);
      return this.requireLayout(layout.name);
    })();
  }

  private touch(layoutName: string): void {
    this.sql('UPDATE slot_layouts SET updated_at = ? WHERE name = ?').run(iso(this.clock()), layoutName);
  }

  private requireLayout(name: string): SlotLayout {
    const layout = this.getLayout(name);
    if (!layout) throw new StoreError('NOT_FOUND', `No slot layout named "${name}"`);
    return layout;
  }

  private requireSlot(layoutName: string, slotNumber: number): Slot {
    const row = this.sql('SELECT * FROM slots WHERE layout_name = ? AND slot_number = ?').get(layoutName, slotNumber) as SlotRecord | undefined;
    if (!row) throw new StoreError('NOT_FOUND', `No slot ${slotNumber} in layout "${layoutName}"`);
    return toSlot(row);
  }
}

function toLayout(r: LayoutRecord): SlotLayout {
  return { name: r.name, gridRows: r.grid_rows, gridColumns: r.grid_columns, description: r.description, active: r.is_active === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

function toSlot(r: SlotRecord): Slot {
  return { id: r.id, layoutName: r.layout_name, slotNumber: r.slot_number, locationId: r.location_id, usbPath: r.usb_path, label: r.label };
}
