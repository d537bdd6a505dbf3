import type { DeviceSummary } from '../../../electron/api/index.js';
import { needsAttention } from '../common/device-text.js';

/**
 * Which devices of the cart are selected, as pure functions over the cart's slot order (the
 * tiles' order in the grid, row by row), so the Cart screen and its tests agree on every gesture.
 */
export interface Selection {
  selected: Readonly<Record<string, true>>;
  /** Where a shift-click's range starts: the last tile clicked without shift. */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { selected: {}, anchor: null };

const asRecord = (udids: Iterable<string>): Record<string, true> => Object.fromEntries([...udids].map((u) => [u, true as const]));

/** A click toggles one tile and makes it the anchor of the next shift-click. */
export function toggleOne(s: Selection, udid: string): Selection {
  const selected = { ...s.selected };
  if (selected[udid]) delete selected[udid];
  else selected[udid] = true;
  return { selected, anchor: udid };
}

/**
 * A shift-click adds every tile from the anchor to the clicked one, in slot order, to the
 * selection (as in a file list). Without an anchor (or one no longer on the cart) it toggles.
 */
export function selectRange(s: Selection, udid: string, order: readonly string[]): Selection {
  const from = s.anchor === null ? -1 : order.indexOf(s.anchor);
  const to = order.indexOf(udid);
  if (from < 0 || to < 0) return toggleOne(s, udid);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return { selected: { ...s.selected, ...asRecord(order.slice(lo, hi + 1)) }, anchor: s.anchor };
}

/** The cells a drag spans, as the grid shows them: the rectangle with the two cells at its corners. */
export function rectangle(cells: readonly (string | null)[], columns: number, fromIndex: number, toIndex: number): string[] {
  const at = (i: number) => ({ row: Math.floor(i / columns), column: i % columns });
  const a = at(fromIndex);
  const b = at(toIndex);
  const rows = [Math.min(a.row, b.row), Math.max(a.row, b.row)] as const;
  const cols = [Math.min(a.column, b.column), Math.max(a.column, b.column)] as const;
  const out: string[] = [];
  cells.forEach((udid, i) => {
    const p = at(i);
    if (udid !== null && p.row >= rows[0] && p.row <= rows[1] && p.column >= cols[0] && p.column <= cols[1]) out.push(udid);
  });
  return out;
}

/** While dragging: what was selected when the drag began, plus what the pointer has crossed so far. */
export function dragSelect(base: Selection, crossed: readonly string[]): Selection {
  return { selected: { ...base.selected, ...asRecord(crossed) }, anchor: crossed[crossed.length - 1] ?? base.anchor };
}

/** Exactly these devices (All, Needs attention, a search's matches). */
export function selectOnly(udids: readonly string[]): Selection {
  return { selected: asRecord(udids), anchor: null };
}

export function selectedIn(s: Selection, order: readonly string[]): string[] {
  return order.filter((u) => s.selected[u]);
}

/** "Needs attention": the devices that wait for a person or failed (Trust, activation, an error), in slot order. */
export function attentionUdids(order: readonly string[], devices: Record<string, Pick<DeviceSummary, 'state'>>): string[] {
  return order.filter((u) => {
    const d = devices[u];
    return d !== undefined && needsAttention(d.state);
  });
}
