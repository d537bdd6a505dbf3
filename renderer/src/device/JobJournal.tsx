import { Badge, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import type { JobView } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { formatDuration } from '../common/device-text';

const STEP_COLOR = { pending: 'gray', running: 'blue', succeeded: 'green', failed: 'red', skipped: 'gray' } as const;
const JOB_COLOR = { queued: 'gray', running: 'blue', paused: 'yellow', succeeded: 'green', failed: 'red', cancelled: 'gray' } as const;

function JobEntry({ job }: { job: JobView }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Text fw={700}>
            {job.blueprint.name} v{job.blueprint.version}
          </Text>
          <Badge color={JOB_COLOR[job.state]}>{job.state}</Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {new Date(job.createdAt).toLocaleString()}
        </Text>
      </Group>
      {job.error ? <ErrorSentence error={job.error} /> : null}
      <Timeline active={job.steps.findLastIndex((s) => s.state !== 'pending')} bulletSize={18} lineWidth={2} mt="sm">
        {job.steps.map((s) => (
          <Timeline.Item key={s.name} color={STEP_COLOR[s.state]} title={s.title}>
            <Text size="xs" c="dimmed">
              {s.state}
              {s.durationMs !== null ? ` · ${formatDuration(s.durationMs)}` : ''}
              {s.attempts > 1 ? ` · ${s.attempts} attempts` : ''}
            </Text>
            {s.error ? (
              <Stack gap={2} mt={4}>
                <ErrorSentence error={s.error} compact />
                {s.error.deviceChain?.map((c, i) => (
                  <Text key={i} size="xs" c="dimmed" className="cw-mono">
                    {c.domain} {c.code}: {c.description}
                  </Text>
                ))}
              </Stack>
            ) : null}
          </Timeline.Item>
        ))}
      </Timeline>
    </Paper>
  );
}

/** The job journal: each staging run step by step, with timings and what the device said. */
export function JobJournal({ jobs }: { jobs: JobView[] }) {
  return (
    <Stack gap="sm">
      <Title order={4}>Job journal</Title>
      {jobs.length === 0 ? (
        <Text size="sm" c="dimmed">
          This device has not been staged yet.
        </Text>
      ) : (
        jobs.map((j) => <JobEntry key={j.id} job={j} />)
      )}
    </Stack>
  );
}
