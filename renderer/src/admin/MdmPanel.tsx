import { Grid, Paper, Space, Stack, Text, Title } from '@mantine/core';
import { ErrorSentence } from '../common/ErrorSentence';
import { RUN_WORD, ago, kindLabel } from './admin-format';
import { Facts } from './Facts';
import { ConnectionCard } from './ConnectionCard';
import { ExpiryCard } from './ExpiryCard';
import { DeadLetters, OutboxCounters } from './OutboxCard';
import { SyncRunsCard } from './SyncRunsCard';
import { useMdm } from './use-mdm';

/** Admin › MDM: the connection, the outbox and its dead letters, the sync runs, the renewals. */
export function MdmPanel() {
  const { status, outbox, runs, error, reload } = useMdm();
  // The runs list is the fresher of the two when a pass just finished.
  const last = runs[0] ?? status?.lastSync ?? null;
  return (
    <Stack>
      {error ? <ErrorSentence error={error} title="The MDM status could not be loaded" /> : null}
      <Grid gap="md" align="stretch">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <ConnectionCard status={status} onChanged={reload} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="lg" radius="md" h="100%">
            <Title order={4}>Outbox</Title>
            <Text size="sm" c="dimmed" mb="sm">
              Every change for the MDM is queued here first, so none is lost or sent twice.
            </Text>
            <OutboxCounters counts={status?.counts} />
            <Space h="md" />
            <Facts
              labelWidth={150}
              rows={[
                ['Automatic sync', status ? (status.periodicSync.running ? `Every ${status.periodicSync.intervalMinutes} minutes` : 'Off in this host') : null],
                ['Last sync', last ? `${ago(last.startedAt)} · ${RUN_WORD[last.state].toLowerCase()}` : 'Never'],
                ['Oldest waiting', outbox?.waiting[0] ? `${kindLabel(outbox.waiting[0].kind)}, queued ${ago(outbox.waiting[0].createdAt)}` : 'Nothing waiting'],
              ]}
            />
          </Paper>
        </Grid.Col>
      </Grid>
      <DeadLetters outbox={outbox} onChanged={reload} />
      <SyncRunsCard runs={runs} status={status} onChanged={reload} />
      <ExpiryCard status={status} onChanged={reload} />
    </Stack>
  );
}
