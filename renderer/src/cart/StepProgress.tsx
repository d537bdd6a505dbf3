import { memo } from 'react';

/**
 * The running step as a bar, its fill sized by width (tiles.css says why not by transform);
 * without a known step it is full, striped and animated (busy).
 */
export const StepProgress = memo(function StepProgress({ percent }: { percent: number | null }) {
  const value = percent ?? 100;
  return (
    <div className="cw-progress" role="progressbar" aria-label="Staging progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value)}>
      <div className="cw-progress-fill" data-busy={percent === null || undefined} style={{ width: `${value}%` }} />
    </div>
  );
});
