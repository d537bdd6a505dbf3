import { Grid, Stack } from '@mantine/core';
import { CheckoutsTable } from './CheckoutsTable';
import { FlowSettingsForm } from './FlowSettingsForm';

/** Admin › Shared devices: the Multi User loan rules and return policy, and the devices not back. */
export function SharedDevicesPanel() {
  return (
    <Grid gap="md" maw={1500}>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <FlowSettingsForm />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Stack>
          <CheckoutsTable title="Overdue" states={['overdue']} empty="No device is overdue." testId="overdue-checkouts" />
          <CheckoutsTable title="Lost" states={['lost']} empty="No device is marked lost." testId="lost-checkouts" actions={false} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
