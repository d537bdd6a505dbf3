import { Stack } from '@mantine/core';
import type { FlowDeviceStatus } from '../../../electron/api/index.js';
import { AdvancedStageForm } from './AdvancedStageForm';
import { HandoffList } from './HandoffList';

/** Single User Advanced: each device registered to its person, staged, and handed only to them. */
export function AdvancedSection({ statuses, reload }: { statuses: FlowDeviceStatus[]; reload(): void }) {
  return (
    <Stack>
      <AdvancedStageForm onStaged={reload} />
      <HandoffList statuses={statuses} onChanged={reload} />
    </Stack>
  );
}
