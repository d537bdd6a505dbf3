import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, attentionUdids, dragSelect, rectangle, selectOnly, selectRange, selectedIn, toggleOne } from '../../../renderer/src/cart/selection.js';

// A 2 × 4 cart in slot order; slot 6 is empty.
const CELLS = ['a', 'b', 'c', 'd', 'e', null, 'g', 'h'];
const ORDER = CELLS.filter((u): u is string => u !== null);

describe('selecting devices on the cart', () => {
  it('a click toggles one tile and makes it the anchor', () => {
    const one = toggleOne(EMPTY_SELECTION, 'c');
    expect(one).toEqual({ selected: { c: true }, anchor: 'c' });
    expect(toggleOne(one, 'c')).toEqual({ selected: {}, anchor: 'c' });
  });

  it('a shift-click selects the range between the anchor and the clicked slot, in slot order, either way', () => {
    const fromB = toggleOne(EMPTY_SELECTION, 'b');
    expect(selectedIn(selectRange(fromB, 'e', ORDER), ORDER)).toEqual(['b', 'c', 'd', 'e']);
    const fromG = toggleOne(EMPTY_SELECTION, 'g');
    expect(selectedIn(selectRange(fromG, 'c', ORDER), ORDER)).toEqual(['c', 'd', 'e', 'g']);
  });

  it('a shift-click keeps what was selected before and the anchor, so a second range grows from it', () => {
    const s = selectRange(toggleOne(toggleOne(EMPTY_SELECTION, 'h'), 'a'), 'b', ORDER);
    expect(selectedIn(s, ORDER)).toEqual(['a', 'b', 'h']);
    expect(s.anchor).toBe('a');
    expect(selectedIn(selectRange(s, 'd', ORDER), ORDER)).toEqual(['a', 'b', 'c', 'd', 'h']);
  });

  it('a shift-click without an anchor on the cart toggles the clicked tile', () => {
    expect(selectRange(EMPTY_SELECTION, 'd', ORDER)).toEqual({ selected: { d: true }, anchor: 'd' });
    expect(selectRange({ selected: {}, anchor: 'gone' }, 'd', ORDER)).toEqual({ selected: { d: true }, anchor: 'd' });
  });

  it('a drag selects the rectangle between the cell it started on and the one under the pointer', () => {
    // b (row 0, column 1) to h (row 1, column 3): b c d / (empty) g h.
    expect(rectangle(CELLS, 4, 1, 7)).toEqual(['b', 'c', 'd', 'g', 'h']);
    // Dragged backwards, along one row: a run.
    expect(rectangle(CELLS, 4, 3, 1)).toEqual(['b', 'c', 'd']);
    expect(rectangle(CELLS, 4, 4, 4)).toEqual(['e']);
  });

  it('a drag adds what it crossed to what was selected when it began', () => {
    const base = toggleOne(EMPTY_SELECTION, 'a');
    const dragged = dragSelect(base, rectangle(CELLS, 4, 6, 7));
    expect(selectedIn(dragged, ORDER)).toEqual(['a', 'g', 'h']);
    // Shrinking the rectangle again gives back what it no longer crosses.
    expect(selectedIn(dragSelect(base, rectangle(CELLS, 4, 6, 6)), ORDER)).toEqual(['a', 'g']);
  });

  it('"Needs attention" picks the devices that wait for a person or failed, in slot order', () => {
    const devices = { a: { state: 'ready' }, b: { state: 'error' }, c: { state: 'waiting-trust' }, d: { state: 'staging' }, e: { state: 'needs-activation' }, g: { state: 'idle' }, h: { state: 'error' } } as const;
    expect(attentionUdids(ORDER, devices)).toEqual(['b', 'c', 'e', 'h']);
  });

  it('All, Needs attention and Clear replace the selection', () => {
    expect(selectedIn(selectOnly(ORDER), ORDER)).toEqual(ORDER);
    expect(selectOnly(['e', 'h'])).toEqual({ selected: { e: true, h: true }, anchor: null });
    expect(selectedIn(EMPTY_SELECTION, ORDER)).toEqual([]);
  });
});
