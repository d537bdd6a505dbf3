import type { KeyboardEvent } from 'react';
import { EmptySlotTile } from './EmptySlotTile';
import { SlotTile } from './SlotTile';
import type { SlotCell } from './cart-model';
import { useDragSelect } from './use-drag-select';

/** Arrow keys move between tiles like on the cart itself (left/right along a row, up/down a column). */
function moveFocus(e: KeyboardEvent<HTMLDivElement>, columns: number): void {
  const delta = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[e.key];
  if (delta === undefined) return;
  const tiles = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('.cw-tile'));
  const i = tiles.indexOf(document.activeElement as HTMLElement);
  const next = tiles[Math.max(0, Math.min(tiles.length - 1, (i < 0 ? 0 : i) + delta))];
  if (!next) return;
  e.preventDefault();
  next.focus();
}

export function CartGrid({ cells, columns }: { cells: SlotCell[]; columns: number }) {
  const drag = useDragSelect(
    cells.map((c) => c.udid),
    columns,
  );
  return (
    <div
      className="cw-grid"
      role="grid"
      aria-label="Cart slots"
      aria-multiselectable
      aria-description="Click or Space to select a device, Shift for a range, drag across tiles for a block; Ctrl+Enter opens the device."
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
      onKeyDown={(e) => moveFocus(e, columns)}
      {...drag}
    >
      {cells.map((c) => (c.udid ? <SlotTile key={`s${c.slot}`} slot={c.slot} label={c.label} udid={c.udid} /> : <EmptySlotTile key={`s${c.slot}`} slot={c.slot} label={c.label} />))}
    </div>
  );
}
