import { useRef, type MouseEvent, type PointerEvent } from 'react';
import { useUi } from '../store/ui-store';
import { dragSelect, rectangle, type Selection } from './selection';

interface Drag {
  start: number;
  base: Selection;
  moved: boolean;
}

/** The tile under a point, as its index among the grid's cells (empty slots count: they hold a place). */
function cellIndexAt(grid: HTMLElement, x: number, y: number): number {
  const tile = document.elementFromPoint(x, y)?.closest('.cw-tile');
  return tile ? Array.from(grid.querySelectorAll('.cw-tile')).indexOf(tile) : -1;
}

/**
 * Drag across tiles to select them: the rectangle between the tile the press began on and the
 * one under the pointer joins the selection it started from. A press that does not leave its tile
 * stays a click (the tile toggles); a drag swallows the click its release would send.
 */
export function useDragSelect(cells: readonly (string | null)[], columns: number) {
  const drag = useRef<Drag | null>(null);
  const swallowClick = useRef(false);
  return {
    onPointerDown(e: PointerEvent<HTMLDivElement>) {
      if (e.button !== 0 || e.shiftKey || e.pointerType === 'touch') return;
      const start = cellIndexAt(e.currentTarget, e.clientX, e.clientY);
      if (start < 0) return;
      const { selected, anchor } = useUi.getState();
      drag.current = { start, base: { selected, anchor }, moved: false };
    },
    onPointerMove(e: PointerEvent<HTMLDivElement>) {
      const d = drag.current;
      if (!d || (e.buttons & 1) === 0) return;
      const at = cellIndexAt(e.currentTarget, e.clientX, e.clientY);
      if (at < 0 || (at === d.start && !d.moved)) return;
      d.moved = true;
      useUi.getState().setSelection(dragSelect(d.base, rectangle(cells, columns, d.start, at)));
    },
    onPointerUp() {
      swallowClick.current = drag.current?.moved === true;
      drag.current = null;
    },
    onClickCapture(e: MouseEvent<HTMLDivElement>) {
      if (!swallowClick.current) return;
      swallowClick.current = false;
      e.stopPropagation();
    },
  };
}
