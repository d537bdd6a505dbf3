import { Grid, Stack, Text, Title } from '@mantine/core';
import { useShallow } from 'zustand/react/shallow';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { AutoStageCard } from './AutoStageCard';
import { BatchProgressCard } from './BatchProgressCard';
import { StartStagingForm } from './StartStagingForm';

export function StagingScreen() {
  const transport = useTransport();
  const batches = useStation(useShallow((s) => Object.values(s.batches).sort((a, b) => b.startedAt.localeCompare(a.startedAt))));
  const apply = useStation((s) => s.apply);
  // Show the new batch at once; its events keep it current from there.
  const onStarted = (batchId: string) =>
    void transport
      .call('staging.batch', { batchId })
      .then((progress) => apply({ type: 'batch', progress }))
      .catch(() => undefined);
  return (
    <Stack gap="md">
      <Title order={2}>Staging</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <StartStagingForm onStarted={onStarted} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <AutoStageCard />
        </Grid.Col>
      </Grid>
      <Title order={3}>Batches</Title>
      {batches.length === 0 ? <Text c="dimmed">No batch has run since this screen opened.</Text> : batches.map((b) => <BatchProgressCard key={b.batchId} batch={b} />)}
    </Stack>
  );
}
