import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import type { DeviceSummary } from '../../../electron/api/index.js';
import { STATE_COLOR, STATE_LABEL, stepProgress } from '../common/device-text';

/**
 * The tile's state: a colored badge, the running step with its progress, or the Trust instruction.
 * The detail text is shown only where it belongs (a step, the Trust prompt): a stale one must not linger.
 */
export function StateLine({ device }: { device: DeviceSummary }) {
  const progress = device.state === 'staging' ? stepProgress(device) : null;
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap">
        <Badge color={STATE_COLOR[device.state]} variant={device.state === 'idle' || device.state === 'connecting' ? 'light' : 'filled'} size="md" radius="sm">
          {STATE_LABEL[device.state]}
        </Badge>
        {progress ? (
          <Text size="xs" c="dimmed" className="cw-mono">
            {progress.step}/{progress.of}
          </Text>
        ) : null}
      </Group>
      {device.state === 'waiting-trust' ? (
        <Text size="sm" fw={700} c="yellow.9" className="cw-trust">
          {device.stateDetail ?? 'Tap Trust on the device'}
        </Text>
      ) : device.stateDetail && device.state === 'staging' ? (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {progress?.title || device.stateDetail}
        </Text>
      ) : null}
      {device.state === 'staging' ? (
        <Progress value={progress ? (progress.step / progress.of) * 100 : 100} animated={!progress} striped={!progress} size="sm" color="blue" aria-label="Staging progress" />
      ) : null}
    </Stack>
  );
}
