import { SegmentedControl, Text } from '@mantine/core';
import { useId } from 'react';
import type { DeviceTarget, DeviceTargets } from './use-device-targets';

/** The selected devices or all connected ones, with how many each is (see useDeviceTargets). */
export function DeviceTargetChoice({ targets, selectedLabel = 'Selected' }: { targets: DeviceTargets; selectedLabel?: string }) {
  const labelId = useId();
  return (
    <div>
      <Text size="sm" fw={500} mb={4} id={labelId}>
        Devices
      </Text>
      <SegmentedControl
        aria-labelledby={labelId}
        value={targets.target}
        onChange={(v) => targets.setTarget(v as DeviceTarget)}
        data={[
          { value: 'selected', label: `${selectedLabel} (${targets.selected.length})`, disabled: targets.selected.length === 0 },
          { value: 'all', label: `All connected (${targets.connected})` },
        ]}
      />
    </div>
  );
}
