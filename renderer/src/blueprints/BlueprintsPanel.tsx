import { Alert, Button, FileButton, Grid, List, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useBlueprints } from '../staging/use-blueprints';
import { checkBlueprint, checkBlueprintText, type SchemaProblem } from './blueprint-file';
import { BlueprintWorkbench } from './BlueprintWorkbench';
import { brokenDraft, draftFrom, newDraft, type Draft } from './draft';
import { HistoryList } from './HistoryList';

/** Admin ▸ Blueprints: the stored blueprints (the built-in Prepare among them), a new one, or one from a file. */
export function BlueprintsPanel() {
  const transport = useTransport();
  const { blueprints, error: listError, reload } = useBlueprints();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [refused, setRefused] = useState<{ file: string; problems: SchemaProblem[] } | null>(null);
  const [historyTick, setHistoryTick] = useState(0);

  const open = useAction(async (name: string, version?: number) => {
    const stored = await transport.call('blueprints.get', { name, ...(version ? { version } : {}) });
    const latest = version ? (blueprints.find((b) => b.name === name)?.version ?? stored.version) : stored.version;
    const checked = checkBlueprint(stored.body);
    const origin = { name: stored.name, version: stored.version, latest };
    setRefused(null);
    setDraft(checked.ok ? draftFrom(checked.blueprint, origin) : brokenDraft(stored.body, origin));
  });
  const importFile = async (file: File | null) => {
    if (!file) return;
    const checked = checkBlueprintText(await file.text());
    if (!checked.ok) {
      setRefused({ file: file.name, problems: checked.problems });
      return;
    }
    setRefused(null);
    setDraft(draftFrom(checked.blueprint, null, [`Imported from ${file.name}. Save it to store it on this station.`]));
  };
  const saved = (name: string, version: number) => {
    setDraft((d) => (d ? { ...d, origin: { name, version, latest: version } } : d));
    setHistoryTick((t) => t + 1);
    reload();
  };

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Stack>
          <Paper withBorder radius="md" p="xs" component="nav" aria-label="Blueprints">
            <Title order={5} p="xs">
              Blueprints
            </Title>
            {blueprints.map((b) => (
              <NavLink key={b.name} label={b.name} description={`version ${b.version}`} active={draft?.origin?.name === b.name} onClick={() => void open.run(b.name)} />
            ))}
            <Stack gap="xs" p="xs">
              <Button
                variant="light"
                onClick={() => {
                  setRefused(null);
                  setDraft(newDraft());
                }}
              >
                New blueprint
              </Button>
              <FileButton onChange={(f) => void importFile(f)} accept=".json,application/json">
                {(props) => (
                  <Button variant="default" {...props}>
                    Import file…
                  </Button>
                )}
              </FileButton>
            </Stack>
          </Paper>
          {listError ? <ErrorSentence error={listError} /> : null}
          {draft?.origin ? <HistoryList name={draft.origin.name} refresh={historyTick} opened={draft.origin.version} onOpen={(v) => void open.run(draft.origin!.name, v)} /> : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        <Stack>
          {open.error ? <ErrorSentence error={open.error} /> : null}
          {refused ? (
            <Alert color="red" variant="light" title={`${refused.file} is not a blueprint this station can use`} role="alert" data-testid="import-problems">
              <List size="sm">
                {refused.problems.map((p) => (
                  <List.Item key={`${p.path}:${p.message}`}>
                    {p.path ? <b className="cw-mono">{p.path}: </b> : null}
                    {p.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          {draft ? (
            <BlueprintWorkbench key={draft.key} draft={draft} onSaved={saved} />
          ) : (
            <Text c="dimmed">Pick a blueprint to edit, start a new one, or import a blueprint file.</Text>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
