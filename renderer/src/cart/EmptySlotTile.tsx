import { memo } from 'react';
import './tiles.css';

/** A slot with nothing plugged in: still drawn, so the grid matches the cart on the floor. */
export const EmptySlotTile = memo(function EmptySlotTile({ slot, label }: { slot: number; label: string | null }) {
  return (
    <div className="cw-tile cw-tile-empty" data-slot={slot} data-state="empty" role="gridcell" tabIndex={-1} aria-label={`Slot ${slot}: empty`}>
      <span className="cw-slot-number">{slot}</span>
      <span className="cw-empty-label">{label ?? 'Empty'}</span>
    </div>
  );
});
