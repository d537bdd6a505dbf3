import { Alert, Button, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';

/**
 * Teaches the station which USB port is which slot: start, then plug one device into each slot in
 * order (the cart event moves the wizard on), skip empty ones, finish. Or let the hub topology decide.
 */
export function CalibrationWizard() {
  const transport = useTransport();
  const cart = useStation((s) => s.cart);
  const apply = useStation((s) => s.apply);
  const [name, setName] = useState(cart?.layout?.name ?? 'Cart A');
  const [rows, setRows] = useState<number>(cart?.layout?.rows ?? 3);
  const [columns, setColumns] = useState<number>(cart?.layout?.columns ?? 10);
  const act = useAction(async (action: 'start' | 'auto' | 'skip' | 'finish') => {
    const input = action === 'start' || action === 'auto' ? { action, name, rows, columns } : { action };
    apply({ type: 'cart', cart: await transport.call('cart.calibrate', input) });
  });
  const active = cart?.calibration.active === true;
  return (
    <Stack maw={720}>
      {cart?.layout ? (
        <Text>
          Current layout: <b>{cart.layout.name}</b>, {cart.layout.rows} × {cart.layout.columns} slots, {cart.slots.filter((s) => s.portId).length} calibrated.
        </Text>
      ) : (
        <Alert color="blue" variant="light">
          This cart has no layout yet.
        </Alert>
      )}
      {active ? (
        <Paper withBorder p="xl" radius="md" className="cw-calibrate">
          <Stack align="center">
            <Title order={3}>Plug a device into slot</Title>
            <div className="cw-callout cw-callout-take" data-testid="calibrate-slot">
              <span className="cw-callout-number">{cart?.calibration.nextSlot ?? '–'}</span>
            </div>
            <Text c="dimmed">Any device will do; the wizard moves on when the cart sees it.</Text>
            <Group>
              <Button variant="default" size="md" onClick={() => void act.run('skip')} loading={act.busy}>
                Skip this slot
              </Button>
              <Button size="md" onClick={() => void act.run('finish')} loading={act.busy}>
                Finish
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder p="lg" radius="md">
          <Stack>
            <Title order={4}>New layout</Title>
            <Group grow>
              <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
              <NumberInput label="Rows" min={1} max={20} value={rows} onChange={(v) => setRows(Number(v) || 1)} />
              <NumberInput label="Columns" min={1} max={30} value={columns} onChange={(v) => setColumns(Number(v) || 1)} />
            </Group>
            <Group>
              <Button onClick={() => void act.run('start')} loading={act.busy} disabled={!name.trim()}>
                Start calibration
              </Button>
              <Button variant="default" onClick={() => void act.run('auto')} loading={act.busy} disabled={!name.trim()}>
                Number slots from the hub ports
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {act.error ? <ErrorSentence error={act.error} /> : null}
    </Stack>
  );
}
