import { Choice } from '../common/Choice';
import type { DeviceTargets } from './use-device-targets';

/** The selected devices or all connected ones, with how many each is (see useDeviceTargets). */
export function DeviceTargetChoice({ targets, selectedLabel = 'Selected' }: { targets: DeviceTargets; selectedLabel?: string }) {
  return (
    <Choice
      label="Devices"
      value={targets.target}
      onChange={targets.setTarget}
      options={[
        { value: 'selected', label: `${selectedLabel} (${targets.selected.length})`, disabled: targets.selected.length === 0 },
        { value: 'all', label: `All connected (${targets.connected})` },
      ]}
    />
  );
}
