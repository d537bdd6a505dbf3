/** The layout name `slots calibrate --auto` uses when none is given; a layout can be renamed later. */
export const DEFAULT_LAYOUT_NAME = 'Cart';

/**
 * Rows × columns for `count` devices numbered in hub order when the technician gave none: the
 * most nearly square grid, wider than tall, that holds them all (3 → 1×3, 16 → 4×4, 24 → 4×6,
 * 30 → 5×6), so the Cart screen's tiles keep a sensible shape. The real sides can be given later
 * by calibrating again with --rows/--columns, or by importing a layout file.
 */
export function autoGrid(count: number): { rows: number; columns: number } {
  if (!Number.isInteger(count) || count < 1) throw new Error('no devices to number');
  const rows = Math.floor(Math.sqrt(count));
  return { rows, columns: Math.ceil(count / rows) };
}
