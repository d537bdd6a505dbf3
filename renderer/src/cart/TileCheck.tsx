import { memo } from 'react';

/**
 * The tile's selection mark, drawn like Mantine's xs Checkbox. Purely visual (the tile itself is
 * the control, with aria-selected), so a span instead of an input with its own focus and events.
 */
export const TileCheck = memo(function TileCheck({ checked }: { checked: boolean }) {
  return (
    <span className="cw-check" data-checked={checked || undefined} aria-hidden>
      <svg viewBox="0 0 10 7" fill="none">
        <path d="M4 4.586L1.707 2.293A1 1 0 1 0 .293 3.707l3 3a.997.997 0 0 0 1.414 0l5-5A1 1 0 1 0 8.293.293L4 4.586z" fill="currentColor" fillRule="evenodd" clipRule="evenodd" />
      </svg>
    </span>
  );
});
