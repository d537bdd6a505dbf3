import { Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FlowName } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { selectedUdids, useUi } from '../store/ui-store';
import { FlowBlueprint } from './FlowBlueprint';
import { StartedBatch } from './StartedBatch';

interface Props {
  flow: Exclude<FlowName, 'single-user-advanced'>;
  title: string;
  explanation: string;
  onStaged(): void;
}

/** Stage the selected or all connected devices for a flow that needs no person per device. */
export function FlowStageForm({ flow, title, explanation, onStaged }: Props) {
  const transport = useTransport();
  const selected = useUi(useShallow(selectedUdids));
  const connected = useStation((s) => Object.values(s.devices).filter((d) => d.connected).length);
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [target, setTarget] = useState<'selected' | 'all'>(selected.length ? 'selected' : 'all');
  const [batchId, setBatchId] = useState<string | null>(null);
  const stage = useAction(async () => {
    if (!blueprint) return;
    const r = await transport.call('flows.stage', { flow, blueprint, targets: target === 'all' ? 'all' : selected.map((udid) => ({ udid })) });
    setBatchId(r.batchId);
    onStaged();
  });
  const count = target === 'all' ? connected : selected.length;
  return (
    <Paper withBorder p="lg" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void stage.run();
        }}
      >
        <Stack>
          <div>
            <Title order={4}>{title}</Title>
            <Text size="sm" c="dimmed">
              {explanation}
            </Text>
          </div>
          <FlowBlueprint flow={flow} value={blueprint} onChange={setBlueprint} />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Devices
            </Text>
            <SegmentedControl
              value={target}
              onChange={(v) => setTarget(v as 'selected' | 'all')}
              data={[
                { value: 'selected', label: `Selected on the Cart screen (${selected.length})`, disabled: selected.length === 0 },
                { value: 'all', label: `All connected (${connected})` },
              ]}
            />
          </div>
          {stage.error ? <ErrorSentence error={stage.error} /> : null}
          <Group>
            <Button type="submit" loading={stage.busy} disabled={!blueprint || count === 0}>
              Stage {count} device{count === 1 ? '' : 's'}
            </Button>
          </Group>
          {batchId ? <StartedBatch batchId={batchId} /> : null}
        </Stack>
      </form>
    </Paper>
  );
}
