import { memo } from 'react';
import type { DeviceState } from '../../../electron/api/index.js';
import { STATE_COLOR, STATE_LABEL } from '../common/device-text';

/**
 * The state as a Mantine-looking badge, in plain markup: the colors come from tiles.css by tone.
 * `held`: the device's batch is paused, which reads as its own state though the job is unfinished.
 */
export const StateBadge = memo(function StateBadge({ state, held = false }: { state: DeviceState; held?: boolean }) {
  const quiet = state === 'idle' || state === 'connecting';
  return (
    <span className="cw-badge" data-tone={held ? 'yellow' : STATE_COLOR[state]} data-variant={quiet ? 'light' : 'filled'}>
      {held ? 'Paused' : STATE_LABEL[state]}
    </span>
  );
});
