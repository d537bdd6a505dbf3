import { Badge, Group, Paper, Progress, Text } from '@mantine/core';
import { useMemo } from 'react';
import { summaryRows, type BatchProgress } from '../../../electron/api/index.js';
import { formatEta } from '../common/device-text';
import { ErrorSentence } from '../common/ErrorSentence';
import { BatchControls } from './BatchControls';
import { BatchFailures } from './BatchFailures';
import { BatchSummary } from './BatchSummary';
import { useBatchJobs } from './use-batch-jobs';

// Only segments with devices in them are drawn: an empty one would still show as a sliver.
const SEGMENTS = [
  { count: 'succeeded', color: 'green' },
  { count: 'failed', color: 'red' },
  { count: 'cancelled', color: 'gray' },
  { count: 'running', color: 'blue' },
  { count: 'paused', color: 'yellow' },
] as const;

function status(batch: BatchProgress, done: boolean): { label: string; color: string } {
  if (done && batch.succeeded === 0 && batch.failed === 0 && batch.cancelled > 0) return { label: 'cancelled', color: 'gray' };
  if (done) return { label: 'finished', color: batch.failed ? 'red' : 'green' };
  return batch.held ? { label: 'paused', color: 'yellow' } : { label: 'running', color: 'blue' };
}

/**
 * One batch live: segments for ready / failed / running, the counts and the ETA; pause, resume
 * and cancel while it runs; each failure with its remedy and Retry; the summary once it is done.
 */
export function BatchProgressCard({ batch }: { batch: BatchProgress }) {
  const pct = (n: number) => (batch.total ? (n / batch.total) * 100 : 0);
  const open = batch.queued + batch.running + batch.paused;
  const done = open === 0;
  const { jobs, error: jobsError } = useBatchJobs(batch, done || batch.failed > 0 || batch.paused > 0);
  const rows = useMemo(() => (jobs ? summaryRows(jobs) : []), [jobs]);
  const shown = status(batch, done);
  // Paused by the technician, the paused count is the batch's; otherwise they wait for a person.
  const waitingForPerson = batch.held ? 0 : batch.paused;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="batch"
      data-batch={batch.batchId}
      data-done={done}
      data-held={batch.held === true}
      data-total={batch.total}
      data-succeeded={batch.succeeded}
      data-failed={batch.failed}
    >
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={700}>{batch.blueprint}</Text>
          <Badge color={shown.color}>{shown.label}</Badge>
        </Group>
        <Group gap="sm">
          <Text size="sm" c="dimmed" data-testid="batch-eta">
            {done ? `started ${new Date(batch.startedAt).toLocaleTimeString()}` : batch.held ? 'paused: resume to continue' : formatEta(batch.etaSeconds)}
          </Text>
          {done ? null : <BatchControls batch={batch} />}
        </Group>
      </Group>
      <Progress.Root size={18} radius="sm">
        {SEGMENTS.filter((s) => batch[s.count] > 0).map((s) => (
          <Progress.Section key={s.count} value={pct(batch[s.count])} color={s.color} striped={s.count === 'running'} animated={s.count === 'running'} />
        ))}
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
        {batch.held && batch.paused ? (
          <Text size="sm" c="yellow.8">
            <b>{batch.paused}</b> paused
          </Text>
        ) : null}
        {waitingForPerson ? (
          <Text size="sm" c="yellow.8">
            <b>{waitingForPerson}</b> waiting for a person
          </Text>
        ) : null}
        <Text size="sm" c={batch.failed ? 'red' : undefined}>
          <b>{batch.failed}</b> failed
        </Text>
        {batch.cancelled ? (
          <Text size="sm" c="dimmed">
            <b>{batch.cancelled}</b> cancelled
          </Text>
        ) : null}
        <Text size="sm" c="dimmed">
          of {batch.total}
        </Text>
      </Group>
      {jobsError ? <ErrorSentence error={jobsError} title="The devices of this batch could not be read" /> : null}
      <BatchFailures rows={rows} />
      {done && jobs ? <BatchSummary batch={batch} rows={rows} /> : null}
    </Paper>
  );
}
