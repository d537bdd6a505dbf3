import { Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import type { MdmStatus, SyncRunView } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { SyncInterval } from './SyncInterval';
import { RUN_COLOR, RUN_WORD, TRIGGER_WORD, ago, duration, when } from './admin-format';

/** The MDM sync: users refreshed, staged devices' enrollment confirmed, reassignments noticed. */
export function SyncRunsCard({ runs, status, onChanged }: { runs: SyncRunView[]; status: MdmStatus | null; onChanged: () => Promise<void> }) {
  const transport = useTransport();
  const sync = useAction(async () => {
    await transport.call('mdm.sync', {});
    await onChanged();
  });
  const schedule = status?.periodicSync;
  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Title order={4}>Sync runs</Title>
          {schedule ? <SyncInterval minutes={schedule.intervalMinutes} running={schedule.running} onChanged={onChanged} /> : null}
        </div>
        <Button onClick={() => void sync.run()} loading={sync.busy} data-testid="sync-now">
          Sync now
        </Button>
      </Group>
      {sync.error ? <ErrorSentence error={sync.error} /> : null}
      {runs.length === 0 ? (
        <Text c="dimmed" py="md">
          No sync has run yet.
        </Text>
      ) : (
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>Started</Table.Th>
              <Table.Th w={120}>Trigger</Table.Th>
              <Table.Th w={130}>Result</Table.Th>
              <Table.Th w={220}>Checked</Table.Th>
              <Table.Th>Notes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((r) => (
              <Table.Tr key={r.id} data-testid="sync-run" data-state={r.state} data-trigger={r.trigger}>
                <Table.Td>
                  <Tooltip label={when(r.startedAt)}>
                    <Text size="sm">{ago(r.startedAt)}</Text>
                  </Tooltip>
                  <Text size="xs" c="dimmed">
                    took {duration(r)}
                  </Text>
                </Table.Td>
                <Table.Td>{TRIGGER_WORD[r.trigger]}</Table.Td>
                <Table.Td>
                  <Badge color={RUN_COLOR[r.state]} variant="light">
                    {RUN_WORD[r.state]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {r.checked} device{r.checked === 1 ? '' : 's'}, {r.enrolled} enrolled
                  </Text>
                  {r.users !== null ? (
                    <Text size="xs" c="dimmed">
                      {r.users} user{r.users === 1 ? '' : 's'} from the MDM
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {r.errors.map((e) => (
                      <Text size="sm" c="red.8" key={e}>
                        {e}
                      </Text>
                    ))}
                    {r.warnings.map((w) => (
                      <Text size="sm" c="yellow.9" key={w}>
                        {w}
                      </Text>
                    ))}
                    {r.errors.length + r.warnings.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    ) : null}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
