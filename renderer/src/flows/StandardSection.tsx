import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { FlowDeviceStatus } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { FlowStageForm } from './FlowStageForm';
import { StatusTable } from './StatusTable';
import { useFlowSettings } from './use-flow-settings';

/** Single User Standard: staged under the staging account until the MDM reassigns each device to its first user. */
export function StandardSection({ statuses, reload }: { statuses: FlowDeviceStatus[]; reload(): void }) {
  const transport = useTransport();
  // Unread settings only leave the staging user's name out of the explanation.
  const stagingUser = useFlowSettings().settings?.stagingUser ?? null;
  const [synced, setSynced] = useState<string | null>(null);
  const sync = useAction(async () => {
    const r = await transport.call('flows.sync', {});
    const found = r.reassigned.length ? `${r.reassigned.length} device${r.reassigned.length === 1 ? '' : 's'} newly assigned to their first user.` : 'No new first users.';
    setSynced([`Checked with the MDM: ${found}`, ...r.errors].join(' '));
    reload();
  });
  const awaiting = statuses.filter((s) => s.assignment?.kind === 'staging');
  const reassigned = statuses.filter((s) => s.assignment?.kind === 'first-user');
  return (
    <Stack>
      <FlowStageForm
        flow="single-user-standard"
        title="Stage under the staging user"
        explanation={`Devices are enrolled under the staging account${stagingUser ? ` “${stagingUser}”` : ''} (change it in Admin › Shared devices). The first person who signs in becomes the device's user.`}
        onStaged={reload}
      />
      <Paper withBorder p="lg" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={4}>Awaiting their first user</Title>
          <Button size="xs" variant="light" loading={sync.busy} onClick={() => void sync.run()}>
            Check with the MDM now
          </Button>
        </Group>
        {sync.error ? <ErrorSentence error={sync.error} /> : null}
        {synced ? (
          <Alert color="blue" variant="light" mb="sm" withCloseButton onClose={() => setSynced(null)}>
            {synced}
          </Alert>
        ) : null}
        <StatusTable rows={awaiting} empty="No device is waiting for its first user." testId="awaiting-first-user" />
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Title order={4}>Assigned to their first user</Title>
        <Text size="sm" c="dimmed" mb="sm">
          The MDM reassigned these devices to whoever signed in first; the station records each reassignment once.
        </Text>
        <StatusTable rows={reassigned} empty="No reassignment has been observed yet." testId="first-user-reassignments" />
      </Paper>
    </Stack>
  );
}
