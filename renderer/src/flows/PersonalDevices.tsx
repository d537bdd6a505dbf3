import { Alert, Button, Paper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { FlowDeviceStatus } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { sentence } from './flow-text';

/** Personal (User Enrollment) devices the station saw: never staged; forgotten once the MDM unenrolls them. */
export function PersonalDevices({ statuses, onChanged }: { statuses: FlowDeviceStatus[]; onChanged(): void }) {
  const transport = useTransport();
  const [note, setNote] = useState<string | null>(null);
  const personal = statuses.filter((s) => s.enrollmentId);
  const forget = useAction(async (enrollmentId: string) => {
    const r = await transport.call('flows.unenroll', { enrollmentId });
    setNote(r.deleted ? `Forgot ${enrollmentId}.` : `No device with Enrollment ID ${enrollmentId}.`);
    onChanged();
  });
  if (personal.length === 0 && !note) return null;
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={4}>Personal devices (User Enrollment)</Title>
      <Text size="sm" c="dimmed" mb="sm">
        When a personal device has left the MDM, forget it here: the station then deletes everything it kept about it.
      </Text>
      {note ? (
        <Alert color="green" variant="light" mb="sm">
          {note}
        </Alert>
      ) : null}
      {forget.error ? <ErrorSentence error={forget.error} /> : null}
      <Table verticalSpacing="xs">
        <Table.Tbody>
          {personal.map((s) => (
            <Table.Tr key={s.udid}>
              <Table.Td className="cw-mono">{s.enrollmentId}</Table.Td>
              <Table.Td>{sentence(s.status)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="light" color="red" loading={forget.runningWith?.[0] === s.enrollmentId} disabled={forget.busy} onClick={() => void forget.run(s.enrollmentId!)} aria-label={`Forget ${s.enrollmentId}`}>
                  Forget
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
