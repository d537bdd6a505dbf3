import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useAction } from '../common/use-action';
import { ErrorSentence } from '../common/ErrorSentence';
import { useTransport } from '../store/client';
import type { SummaryRow } from '../../../electron/api/index.js';

function FailureRow({ row }: { row: SummaryRow }) {
  const transport = useTransport();
  const retry = useAction(() => transport.call('staging.retry', { udid: row.udid }));
  const who = row.name ?? row.serial ?? row.udid.slice(0, 8);
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="batch-failure" data-udid={row.udid}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text size="sm" fw={600}>{`Slot ${row.slot ?? '?'} · ${who}${row.failedStep ? ` · stopped at ${row.failedStep}` : ''}`}</Text>
          <Text size="sm">{row.error ?? 'The job stopped.'}</Text>
          {row.remedy ? (
            <Text size="sm" fw={500}>
              {row.remedy}
            </Text>
          ) : null}
        </div>
        <Button size="xs" color="red" variant="light" loading={retry.busy} onClick={() => void retry.run()} aria-label={`Retry slot ${row.slot ?? '?'}`}>
          Retry
        </Button>
      </Group>
      {retry.error ? <ErrorSentence error={retry.error} /> : null}
    </Paper>
  );
}

/** The devices of a batch that failed or wait for a person: what happened, what to do, and Retry. */
export function BatchFailures({ rows }: { rows: SummaryRow[] }) {
  const failing = rows.filter((r) => r.outcome === 'failed' || (r.outcome === 'paused' && r.error));
  if (failing.length === 0) return null;
  return (
    <Stack gap={6} mt="sm" aria-label="Devices that need attention" role="list">
      {failing.map((r) => (
        <div role="listitem" key={r.udid}>
          <FailureRow row={r} />
        </div>
      ))}
    </Stack>
  );
}
