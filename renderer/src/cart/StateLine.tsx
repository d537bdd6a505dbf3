import { memo } from 'react';
import type { DeviceState, DeviceSummary } from '../../../electron/api/index.js';
import { stepProgress } from '../common/device-text';
import { sameValue } from '../store/same-value';
import { StateBadge } from './StateBadge';
import { StepProgress } from './StepProgress';

interface Props {
  state: DeviceState;
  stateDetail: string | null;
  progress: DeviceSummary['progress'];
  /** Its batch is paused by a technician (tile code 'paused-held'). */
  held?: boolean;
}

/**
 * The tile's state: a colored badge, the running step with its progress, or the Trust instruction.
 * The detail text is shown only where it belongs (a step, the Trust prompt): a stale one must not linger.
 * Takes the three fields it shows, compared by value, so a battery tick does not redraw it.
 */
export const StateLine = memo(function StateLine({ state, stateDetail, progress: sent, held = false }: Props) {
  const progress = stepProgress({ state, progress: sent });
  return (
    <div className="cw-state">
      <div className="cw-state-row">
        <StateBadge state={state} held={held} />
        {progress ? (
          <span className="cw-step-count cw-mono">{`${progress.step}/${progress.of}`}</span>
        ) : null}
      </div>
      {state === 'waiting-trust' ? (
        <div className="cw-trust">{stateDetail ?? 'Tap Trust on the device'}</div>
      ) : stateDetail && state === 'staging' ? (
        <div className="cw-step-title">{progress?.title || stateDetail}</div>
      ) : null}
      {state === 'staging' && !held ? <StepProgress percent={progress ? (progress.step / progress.of) * 100 : null} /> : null}
    </div>
  );
}, sameProps);

function sameProps(a: Props, b: Props): boolean {
  return a.state === b.state && a.stateDetail === b.stateDetail && a.held === b.held && sameValue(a.progress, b.progress);
}
