import { Badge, Button, Grid, Group, NavLink, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useBlueprints } from '../staging/use-blueprints';
import { parseJsonText } from './json-check';

/** Blueprints as JSON: pick one to edit, check it, save it as a new version (the station validates). */
export function BlueprintEditor() {
  const transport = useTransport();
  const { blueprints, error: listError, reload } = useBlueprints();
  const [text, setText] = useState('');
  const [current, setCurrent] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const load = useAction(async (name: string) => {
    const b = await transport.call('blueprints.get', { name });
    setCurrent(name);
    setText(JSON.stringify(b.body, null, 2));
    setSaved(null);
  });
  const save = useAction(async () => {
    const parsed = parseJsonText(text);
    if (!parsed.ok) return;
    const r = await transport.call('blueprints.save', { body: parsed.value });
    setSaved(r.created ? `Saved ${r.name} as version ${r.version}.` : `${r.name} v${r.version} is unchanged.`);
    setCurrent(r.name);
    reload();
  });
  const syntax = text.trim() ? parseJsonText(text) : null;
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Paper withBorder radius="md" p="xs">
          <Title order={5} p="xs">
            Blueprints
          </Title>
          {blueprints.map((b) => (
            <NavLink key={b.name} label={b.name} description={`version ${b.version}`} active={b.name === current} onClick={() => void load.run(b.name)} />
          ))}
          <NavLink
            label="New blueprint…"
            onClick={() => {
              setCurrent(null);
              setText(JSON.stringify({ name: 'New blueprint', steps: [] }, null, 2));
            }}
          />
        </Paper>
        {listError ? <ErrorSentence error={listError} /> : null}
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        <Stack>
          <Group justify="space-between">
            <Title order={4}>{current ?? 'New blueprint'}</Title>
            {syntax ? <Badge color={syntax.ok ? 'green' : 'red'}>{syntax.ok ? 'valid JSON' : 'JSON error'}</Badge> : null}
          </Group>
          <Textarea
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={18}
            maxRows={30}
            spellCheck={false}
            classNames={{ input: 'cw-mono' }}
            aria-label="Blueprint JSON"
            error={syntax && !syntax.ok ? syntax.message : undefined}
          />
          {load.error ? <ErrorSentence error={load.error} /> : null}
          {save.error ? <ErrorSentence error={save.error} title="The station did not accept this blueprint" /> : null}
          {saved ? <Text c="green.8">{saved}</Text> : null}
          <Group>
            <Button onClick={() => void save.run()} loading={save.busy} disabled={!syntax?.ok}>
              Save as new version
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
