import { Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { useBlueprints } from './use-blueprints';

/** Auto-stage: every device plugged in is staged with the chosen blueprint. */
export function AutoStageCard() {
  const transport = useTransport();
  const info = useStation((s) => s.info);
  const setInfo = useStation((s) => s.setInfo);
  const { blueprints } = useBlueprints();
  const auto = info?.autoStage ?? { enabled: false, blueprint: null };
  const save = useAction(async (enabled: boolean, blueprint: string | null) => {
    const r = await transport.call('staging.autoStage', { enabled, ...(blueprint ? { blueprint } : {}) });
    if (info) setInfo({ ...info, autoStage: r });
  });
  const blueprint = auto.blueprint ?? blueprints[0]?.name ?? null;
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Title order={3}>Auto-stage</Title>
        <Text size="sm" c="dimmed">
          Stage every device as soon as it is plugged in, with no one at the screen.
        </Text>
        <Select label="Blueprint" data={blueprints.map((b) => b.name)} value={blueprint} onChange={(v) => void save.run(auto.enabled, v)} allowDeselect={false} />
        <Switch size="md" label={auto.enabled ? 'On' : 'Off'} checked={auto.enabled} disabled={save.busy || !blueprint} onChange={(e) => void save.run(e.currentTarget.checked, blueprint)} data-testid="auto-stage" />
        {save.error ? <ErrorSentence error={save.error} /> : null}
      </Stack>
    </Paper>
  );
}
