import { Badge, Group, Paper, Progress, Text } from '@mantine/core';
import type { BatchProgress } from '../../../electron/api/index.js';
import { formatEta } from '../common/device-text';

/** One batch live: segments for ready / failed / running, the counts, and the ETA. */
export function BatchProgressCard({ batch }: { batch: BatchProgress }) {
  const pct = (n: number) => (batch.total ? (n / batch.total) * 100 : 0);
  const open = batch.queued + batch.running + batch.paused;
  const done = open === 0;
  return (
    <Paper withBorder p="md" radius="md" data-testid="batch" data-batch={batch.batchId} data-done={done}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={700}>{batch.blueprint}</Text>
          <Badge color={done ? (batch.failed ? 'red' : 'green') : 'blue'}>{done ? 'finished' : 'running'}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {done ? `started ${new Date(batch.startedAt).toLocaleTimeString()}` : formatEta(batch.etaSeconds)}
        </Text>
      </Group>
      <Progress.Root size={18} radius="sm">
        <Progress.Section value={pct(batch.succeeded)} color="green" />
        <Progress.Section value={pct(batch.failed)} color="red" />
        <Progress.Section value={pct(batch.cancelled)} color="gray" />
        <Progress.Section value={pct(batch.running)} color="blue" striped animated />
        <Progress.Section value={pct(batch.paused)} color="yellow" />
      </Progress.Root>
      <Group gap="lg" mt="xs" className="cw-batch-counts">
        <Text size="sm">
          <b data-testid="batch-succeeded">{batch.succeeded}</b> ready
        </Text>
        <Text size="sm">
          <b>{batch.running}</b> running
        </Text>
        <Text size="sm">
          <b>{batch.queued}</b> queued
        </Text>
        {batch.paused ? (
          <Text size="sm" c="yellow.8">
            <b>{batch.paused}</b> waiting for a person
          </Text>
        ) : null}
        <Text size="sm" c={batch.failed ? 'red' : undefined}>
          <b>{batch.failed}</b> failed
        </Text>
        <Text size="sm" c="dimmed">
          of {batch.total}
        </Text>
      </Group>
    </Paper>
  );
}
