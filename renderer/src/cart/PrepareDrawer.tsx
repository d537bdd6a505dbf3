import { Alert, Button, Drawer, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BatchProblem } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useBlueprints } from '../staging/use-blueprints';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { useUi } from '../store/ui-store';

interface Props {
  opened: boolean;
  udids: string[];
  onClose(): void;
}

/** Each problem that would fail every device, with what to do about it; nothing has started. */
function Problems({ problems }: { problems: BatchProblem[] }) {
  return (
    <Stack gap="xs" data-testid="prepare-problems">
      {problems.map((p) => (
        <Alert key={`${p.kind}:${p.message}`} color="red" variant="light" title={p.message} role="alert">
          <Text size="sm" fw={500}>
            {p.remedy}
          </Text>
          {p.udids.length ? <Text size="xs" c="dimmed">{`Concerns ${p.udids.length} of the selected devices.`}</Text> : null}
        </Alert>
      ))}
    </Stack>
  );
}

/**
 * Prepare the selected devices without leaving the Cart screen: choose a blueprint (and a user),
 * see what would fail every device before anything runs (staging.validate), then start.
 */
export function PrepareDrawer({ opened, udids, onClose }: Props) {
  const transport = useTransport();
  const { blueprints, error: listError, reload } = useBlueprints();
  const apply = useStation((s) => s.apply);
  const { watchBatch, clear } = useUi.getState();
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [user, setUser] = useState('');
  const [problems, setProblems] = useState<BatchProblem[]>([]);
  const chosen = blueprint ?? blueprints[0]?.name ?? null;
  const request = () => ({ udids, blueprint: chosen ?? '', ...(user.trim() ? { user: user.trim() } : {}) });

  const check = useAction(async () => {
    if (!chosen || udids.length === 0) return true;
    const r = await transport.call('staging.validate', request());
    setProblems(r.problems);
    return r.ok;
  });
  const start = useAction(async () => {
    if (!(await check.run())) return;
    const { batchId } = await transport.call('staging.start', request());
    // Show the batch at once; its events keep it current from there.
    apply({ type: 'batch', progress: await transport.call('staging.batch', { batchId }) });
    watchBatch(batchId);
    clear();
    onClose();
  });
  useEffect(() => {
    if (opened) reload();
    // Reload the list each time the drawer opens: a blueprint saved meanwhile is offered.
  }, [opened]);
  useEffect(() => {
    if (!opened) return setProblems([]);
    const t = setTimeout(() => void check.run(), 250);
    return () => clearTimeout(t);
  }, [opened, chosen, user, udids.join(','), check.run]);

  const error = listError ?? start.error ?? check.error;
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="md" title="Prepare devices">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start.run();
        }}
      >
        <Stack>
          <Text size="sm">{`${udids.length} device${udids.length === 1 ? '' : 's'} selected on the cart.`}</Text>
          <Select
            label="Blueprint"
            data={blueprints.map((b) => ({ value: b.name, label: `${b.name} (v${b.version})` }))}
            value={chosen}
            onChange={setBlueprint}
            placeholder={blueprints.length ? undefined : 'No blueprints yet'}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput label="Staging for user (optional)" description="Fills {user} in name templates and registrations" value={user} onChange={(e) => setUser(e.currentTarget.value)} />
          {problems.length ? <Problems problems={problems} /> : null}
          {error ? <ErrorSentence error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={start.busy} disabled={!chosen || udids.length === 0 || problems.length > 0}>
              Start staging
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
