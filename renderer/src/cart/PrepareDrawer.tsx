import { Alert, Button, Drawer, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BatchProblem } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { BlueprintSelect } from '../staging/BlueprintSelect';
import { StagingUserInput, stagingUserField } from '../staging/StagingUserInput';
import { useBlueprints } from '../staging/use-blueprints';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { useUi } from '../store/ui-store';

interface Props {
  opened: boolean;
  udids: string[];
  onClose(): void;
  /** What the drawer prepares, in a sentence; by default how many devices are selected on the cart. */
  subject?: string;
  /** After the batch started (the Cart screen then clears its selection). */
  onStarted?(batchId: string): void;
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
 * Prepare devices without leaving the screen they are on (the Cart screen's selection, or the
 * Device screen's one device): choose a blueprint (and a user), see what would fail every device
 * before anything runs (staging.validate), then start.
 */
export function PrepareDrawer({ opened, udids, onClose, subject, onStarted }: Props) {
  const transport = useTransport();
  const { blueprints, error: listError, reload } = useBlueprints();
  const apply = useStation((s) => s.apply);
  const { watchBatch } = useUi.getState();
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [user, setUser] = useState('');
  const [problems, setProblems] = useState<BatchProblem[]>([]);
  const chosen = blueprint ?? blueprints[0]?.name ?? null;
  const request = () => ({ udids, blueprint: chosen ?? '', ...stagingUserField(user) });

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
    onStarted?.(batchId);
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
          <Text size="sm">{subject ?? `${udids.length} device${udids.length === 1 ? '' : 's'} selected on the cart.`}</Text>
          <BlueprintSelect blueprints={blueprints} value={chosen} onChange={setBlueprint} comboboxProps={{ withinPortal: true }} />
          <StagingUserInput value={user} onChange={setUser} />
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
