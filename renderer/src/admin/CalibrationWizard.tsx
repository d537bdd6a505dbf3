import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';

type Side = number | '';
const side = (v: string | number): Side => (v === '' || !Number(v) ? '' : Math.max(1, Math.round(Number(v))));

/**
 * Teaches the station which USB port is which slot: number the plugged-in devices in hub order at
 * once (rows × columns left empty: the station picks a near-square grid that holds them), or walk
 * the slots: start, plug one device into each slot in order (the cart event moves the wizard on),
 * skip empty ones, finish.
 */
export function CalibrationWizard() {
  const transport = useTransport();
  const cart = useStation((s) => s.cart);
  const apply = useStation((s) => s.apply);
  const plugged = useStation((s) => Object.values(s.devices).filter((d) => d.connected).length);
  // Until the technician types, the fields follow the current layout (the cart may arrive after the first render).
  const [typedName, setName] = useState<string | null>(null);
  const [autoRows, setAutoRows] = useState<Side>('');
  const [autoColumns, setAutoColumns] = useState<Side>('');
  const [typedRows, setRows] = useState<number | null>(null);
  const [typedColumns, setColumns] = useState<number | null>(null);
  const name = typedName ?? cart?.layout?.name ?? 'Cart A';
  const rows = typedRows ?? cart?.layout?.rows ?? 3;
  const columns = typedColumns ?? cart?.layout?.columns ?? 10;
  const act = useAction(async (action: 'start' | 'auto' | 'skip' | 'finish') => {
    const trimmed = name.trim();
    const input =
      action === 'start'
        ? { action, name: trimmed, rows, columns }
        : action === 'auto'
          ? { action, ...(trimmed ? { name: trimmed } : {}), ...(autoRows ? { rows: autoRows } : {}), ...(autoColumns ? { columns: autoColumns } : {}) }
          : { action };
    apply({ type: 'cart', cart: await transport.call('cart.calibrate', input) });
  });
  const active = cart?.calibration.active === true;
  return (
    <Stack maw={980}>
      {cart?.layout ? (
        <Text role="status" data-testid="layout-summary">
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
        <Stack>
          <TextInput label="Layout name" description="How the Cart screen names this cart; it can be renamed later" value={name} onChange={(e) => setName(e.currentTarget.value)} maw={360} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="lg" radius="md" component="section" aria-label="Number the plugged-in devices in hub order">
              <Stack>
                <Title order={4}>Number the plugged-in devices in hub order</Title>
                <Text size="sm" c="dimmed">
                  {plugged === 1 ? '1 device is' : `${plugged} devices are`} plugged in. Slot 1 is the hub’s first port, and so on; empty rows × columns give a near-square grid that holds them all.
                </Text>
                <Group grow>
                  <NumberInput label="Rows" placeholder="Automatic" min={1} max={20} value={autoRows} onChange={(v) => setAutoRows(side(v))} />
                  <NumberInput label="Columns" placeholder="Automatic" min={1} max={30} value={autoColumns} onChange={(v) => setAutoColumns(side(v))} />
                </Group>
                <Group>
                  <Button onClick={() => void act.run('auto')} loading={act.busy} disabled={plugged === 0}>
                    Number the plugged-in devices
                  </Button>
                </Group>
              </Stack>
            </Paper>
            <Paper withBorder p="lg" radius="md" component="section" aria-label="Walk the slots one by one">
              <Stack>
                <Title order={4}>Walk the slots one by one</Title>
                <Text size="sm" c="dimmed">
                  When the hub’s port order is not the cart’s: plug a device into each slot in turn, and the station learns its port.
                </Text>
                <Group grow>
                  <NumberInput label="Slot rows" min={1} max={20} value={rows} onChange={(v) => setRows(Number(v) || 1)} />
                  <NumberInput label="Slot columns" min={1} max={30} value={columns} onChange={(v) => setColumns(Number(v) || 1)} />
                </Group>
                <Group>
                  <Button variant="default" onClick={() => void act.run('start')} loading={act.busy} disabled={!name.trim()}>
                    Start calibration
                  </Button>
                </Group>
              </Stack>
            </Paper>
          </SimpleGrid>
        </Stack>
      )}
      {act.error ? <ErrorSentence error={act.error} /> : null}
    </Stack>
  );
}
