import { Button, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { selectedUdids, useUi } from '../store/ui-store';
import { useBlueprints } from './use-blueprints';

/** Choose a blueprint and the devices, then start one batch. */
export function StartStagingForm({ onStarted }: { onStarted(batchId: string): void }) {
  const transport = useTransport();
  const { blueprints, error: listError } = useBlueprints();
  const selected = useUi(useShallow(selectedUdids));
  const connected = useStation((s) => Object.values(s.devices).filter((d) => d.connected).length);
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [target, setTarget] = useState<'selected' | 'all'>(selected.length ? 'selected' : 'all');
  const [user, setUser] = useState('');
  const chosen = blueprint ?? blueprints[0]?.name ?? null;
  const start = useAction(async () => {
    if (!chosen) return;
    const r = await transport.call('staging.start', { blueprint: chosen, udids: target === 'all' ? 'all' : selected, ...(user.trim() ? { user: user.trim() } : {}) });
    onStarted(r.batchId);
  });
  const count = target === 'all' ? connected : selected.length;
  return (
    <Paper withBorder p="lg" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start.run();
        }}
      >
        <Stack>
          <Title order={3}>Start staging</Title>
          <Select
            label="Blueprint"
            data={blueprints.map((b) => ({ value: b.name, label: `${b.name} (v${b.version})` }))}
            value={chosen}
            onChange={setBlueprint}
            placeholder={blueprints.length ? undefined : 'No blueprints yet'}
            allowDeselect={false}
            data-testid="blueprint-select"
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Devices
            </Text>
            <SegmentedControl
              value={target}
              onChange={(v) => setTarget(v as 'selected' | 'all')}
              data={[
                { value: 'selected', label: `Selected (${selected.length})`, disabled: selected.length === 0 },
                { value: 'all', label: `All connected (${connected})` },
              ]}
            />
          </div>
          <TextInput label="Staging for user (optional)" description="Fills {user} in name templates and registrations" value={user} onChange={(e) => setUser(e.currentTarget.value)} maw={360} />
          {listError ? <ErrorSentence error={listError} /> : null}
          {start.error ? <ErrorSentence error={start.error} /> : null}
          <Group>
            <Button type="submit" size="md" loading={start.busy} disabled={!chosen || count === 0} data-testid="start-staging">
              Start on {count} device{count === 1 ? '' : 's'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
