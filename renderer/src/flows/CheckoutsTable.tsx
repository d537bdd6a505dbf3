import { Alert, Badge, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { CheckoutView } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { checkoutDevice, when } from './flow-text';
import { flowRelevantKey } from './use-flow-status';

type ListedState = 'open' | 'overdue' | 'lost';

interface Props {
  title: string;
  states: ListedState[];
  empty: string;
  testId: string;
  /** Offer Check in and Mark lost (not on the lost list: those devices are away for good). */
  actions?: boolean;
  onChanged?(): void;
}

const STATE_BADGE: Record<CheckoutView['state'], { color: string; label: string }> = {
  open: { color: 'blue', label: 'Out' },
  overdue: { color: 'orange', label: 'Overdue' },
  lost: { color: 'red', label: 'Lost' },
  returned: { color: 'gray', label: 'Returned' },
};

/** Check-outs in the given states, live with the cart, with the technician's check-in and lost actions. */
export function CheckoutsTable({ title, states, empty, testId, actions = true, onChanged }: Props) {
  const transport = useTransport();
  const key = useStation(flowRelevantKey);
  const [list, setList] = useState<CheckoutView[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const statesKey = states.join(',');
  const load = useAction(async () => setList(await transport.call('flows.checkouts', { states: statesKey.split(',') as ListedState[] })));
  const { run } = load;
  useEffect(() => {
    void run();
  }, [run, key, statesKey]);
  const checkin = useAction(async (c: CheckoutView) => {
    const r = await transport.call('flows.checkin', { udid: c.udid });
    setMessage(`${checkoutDevice(c)} is checked in from ${r.checkout.userName ?? r.checkout.userId}: ${r.returned.action}.`);
    await run();
    onChanged?.();
  });
  const lost = useAction(async (c: CheckoutView) => {
    const r = await transport.call('flows.markLost', { udid: c.udid });
    setMessage(`${checkoutDevice(c)} is marked lost (with ${r.checkout.userName ?? r.checkout.userId}). ${r.lostMode.message}`);
    await run();
    onChanged?.();
  });
  return (
    <Paper withBorder p="lg" radius="md" data-testid={testId}>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{title}</Title>
        <Button size="xs" variant="subtle" onClick={() => void run()}>
          Refresh
        </Button>
      </Group>
      {message ? (
        <Alert color="green" variant="light" mb="sm" withCloseButton onClose={() => setMessage(null)}>
          {message}
        </Alert>
      ) : null}
      {[load.error, checkin.error, lost.error].map((e, i) => (e ? <ErrorSentence key={i} error={e} /> : null))}
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Device</Table.Th>
              <Table.Th>With</Table.Th>
              <Table.Th>Out since</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>State</Table.Th>
              {actions ? <Table.Th /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((c) => (
              <Table.Tr key={c.id} data-testid="checkout-row" data-udid={c.udid}>
                <Table.Td>{checkoutDevice(c)}</Table.Td>
                <Table.Td fw={600}>{c.userName ?? c.userId}</Table.Td>
                <Table.Td>{when(c.checkedOutAt)}</Table.Td>
                <Table.Td>{when(c.dueAt)}</Table.Td>
                <Table.Td>
                  <Badge color={STATE_BADGE[c.state].color} variant="light">
                    {STATE_BADGE[c.state].label}
                  </Badge>
                </Table.Td>
                {actions ? (
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="light" loading={checkin.runningWith?.[0].id === c.id} disabled={checkin.busy || lost.busy} onClick={() => void checkin.run(c)} aria-label={`Check in ${checkoutDevice(c)}`}>
                        Check in
                      </Button>
                      <Button size="xs" variant="light" color="red" loading={lost.runningWith?.[0].id === c.id} disabled={checkin.busy || lost.busy} onClick={() => void lost.run(c)} aria-label={`Mark ${checkoutDevice(c)} lost`}>
                        Mark lost
                      </Button>
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
