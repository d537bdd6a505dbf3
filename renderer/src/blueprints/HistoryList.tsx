import { Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorSentence } from '../common/ErrorSentence';
import { useStationRead } from '../common/use-station-read';

const when = (iso: string) => new Date(iso).toLocaleString();

/** Every saved version of a blueprint, newest first; any one can be opened in the form. */
export function HistoryList({ name, refresh, opened, onOpen }: { name: string; refresh: number; opened: number | null; onOpen(version: number): void }) {
  const { value: versions, error } = useStationRead((t) => t.call('blueprints.history', { name }), [name, refresh]);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Version history">
      <Title order={5} mb="xs">
        Version history
      </Title>
      {error ? <ErrorSentence error={error} /> : null}
      {!versions && !error ? <Loader size="xs" /> : null}
      <Stack gap={6} data-testid="blueprint-history">
        {versions?.map((v, i) => (
          <Group key={v.version} justify="space-between" wrap="nowrap" data-version={v.version}>
            <div>
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  Version {v.version}
                </Text>
                {i === 0 ? <Badge size="xs">newest</Badge> : null}
                {opened === v.version ? (
                  <Badge size="xs" color="gray">
                    open
                  </Badge>
                ) : null}
              </Group>
              <Text size="xs" c="dimmed">
                {when(v.createdAt)}
                {v.createdBy ? ` · ${v.createdBy}` : ''}
              </Text>
            </div>
            <Button size="xs" variant="subtle" onClick={() => onOpen(v.version)} disabled={opened === v.version} aria-label={`Open version ${v.version}`}>
              Open
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
