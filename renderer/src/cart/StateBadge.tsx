import { memo } from 'react';
import type { DeviceState } from '../../../electron/api/index.js';
import { STATE_COLOR, STATE_LABEL } from '../common/device-text';

/** The state as a Mantine-looking badge, in plain markup: the colors come from tiles.css by tone. */
export const StateBadge = memo(function StateBadge({ state }: { state: DeviceState }) {
  const quiet = state === 'idle' || state === 'connecting';
  return (
    <span className="cw-badge" data-tone={STATE_COLOR[state]} data-variant={quiet ? 'light' : 'filled'}>
      {STATE_LABEL[state]}
    </span>
  );
});
