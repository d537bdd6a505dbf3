import { Alert, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { FlowDeviceStatus } from '../../../electron/api/index.js';
import { downloadBase64 } from '../common/download';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { HandoffModal } from './HandoffModal';
import { deviceLabel, sentence, when } from './flow-text';

/** Devices registered to a person: their hand-off sheet, and the hand-off itself. */
export function HandoffList({ statuses, onChanged }: { statuses: FlowDeviceStatus[]; onChanged(): void }) {
  const transport = useTransport();
  const devices = useStation((s) => s.devices);
  const [handing, setHanding] = useState<FlowDeviceStatus | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const registered = statuses.filter((s) => s.assignment?.kind === 'registration');
  const sheet = useAction(async (udid: string) => {
    const r = await transport.call('flows.handoffSheet', { udid });
    downloadBase64(r.fileName, r.pdfBase64, 'application/pdf');
  });
  return (
    <Paper withBorder p="lg" radius="md" data-testid="handoff-list">
      <Title order={4}>Registered to a person</Title>
      <Text size="sm" c="dimmed" mb="sm">
        Print the hand-off sheet (download the PDF, then print it) and give the device only to the person named on it.
      </Text>
      {done ? (
        <Alert color="green" variant="light" mb="sm" withCloseButton onClose={() => setDone(null)} data-testid="handoff-done">
          {done}
        </Alert>
      ) : null}
      {sheet.error ? <ErrorSentence error={sheet.error} /> : null}
      {registered.length === 0 ? (
        <Text size="sm" c="dimmed">
          No device is registered to anyone yet.
        </Text>
      ) : (
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Device</Table.Th>
              <Table.Th>Registered to</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th>Now</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {registered.map((s) => {
              const device = devices[s.udid];
              const label = deviceLabel(device, s.udid);
              const person = s.assignment!.userName ?? s.assignment!.userId;
              return (
                <Table.Tr key={s.udid} data-testid="handoff-row" data-udid={s.udid}>
                  <Table.Td>{label}</Table.Td>
                  <Table.Td fw={600}>{person}</Table.Td>
                  <Table.Td>{when(s.assignment!.since)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{sentence(device?.stateDetail ?? s.status)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="light" loading={sheet.runningWith?.[0] === s.udid} disabled={sheet.busy} onClick={() => void sheet.run(s.udid)} aria-label={`Download the hand-off sheet of ${label}`}>
                        Hand-off sheet (PDF)
                      </Button>
                      <Button size="xs" onClick={() => setHanding(s)} aria-label={`Hand over ${label}`}>
                        Hand over
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {handing ? (
        <HandoffModal
          udid={handing.udid}
          device={deviceLabel(devices[handing.udid], handing.udid)}
          registeredTo={handing.assignment!.userName ?? handing.assignment!.userId}
          onClose={() => setHanding(null)}
          onHandedOver={(message) => {
            setHanding(null);
            setDone(message);
            onChanged();
          }}
        />
      ) : null}
    </Paper>
  );
}
