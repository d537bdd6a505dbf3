import { memo } from 'react';

/**
 * The running step as a bar. The fill moves by transform, not width, so 100 bars advancing at
 * once never lay the grid out again; without a known step it is striped and animated (busy).
 */
export const StepProgress = memo(function StepProgress({ percent }: { percent: number | null }) {
  const value = percent ?? 100;
  return (
    <div className="cw-progress" role="progressbar" aria-label="Staging progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value)}>
      <div className="cw-progress-fill" data-busy={percent === null || undefined} style={{ transform: `translateX(${value - 100}%)` }} />
    </div>
  );
});
