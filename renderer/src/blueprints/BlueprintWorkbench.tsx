import { Alert, Badge, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { downloadText } from '../common/download';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { blueprintFileName, blueprintJson, checkBlueprintText } from './blueprint-file';
import { blueprintToForm, formSteps, formToBlueprint, formToBlueprintInput, type BlueprintForm } from './blueprint-form';
import { BlueprintFormView } from './BlueprintFormView';
import { CartCheckCard } from './CartCheckCard';
import type { Draft } from './draft';
import { JsonView } from './JsonView';
import { StepsPreview } from './StepsPreview';
import { useCartCheck } from './use-cart-check';

interface Props {
  draft: Draft;
  onSaved(name: string, version: number): void;
}

/** One blueprint open in the form (or its JSON), checked against the cart, saved as a new version, exported. */
export function BlueprintWorkbench({ draft, onSaved }: Props) {
  const transport = useTransport();
  const [form, setForm] = useState<BlueprintForm>(draft.form);
  const [notes, setNotes] = useState<string[]>(draft.notes);
  const [view, setView] = useState<'form' | 'json'>(draft.rawJson === undefined ? 'form' : 'json');
  const [jsonText, setJsonText] = useState(draft.rawJson ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const change = (patch: Partial<BlueprintForm>) => {
    setSaved(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const fromForm = useMemo(() => formToBlueprint(form), [form]);
  const jsonCheck = useMemo(() => checkBlueprintText(jsonText), [jsonText]);
  // What Save and Export use: the JSON exactly as typed in the advanced view, else the form's blueprint.
  const current = view === 'json' ? (jsonCheck.ok ? jsonCheck.blueprint : null) : fromForm.ok ? fromForm.blueprint : null;
  const check = useCartCheck(current);
  const problems = fromForm.ok ? {} : Object.fromEntries(fromForm.problems.filter((p) => p.field).map((p) => [p.field, p.message]));
  const blocking = view === 'json' ? [] : fromForm.ok ? [] : fromForm.problems.map((p) => p.message);

  const showJson = () => {
    setJsonText(blueprintJson(fromForm.ok ? fromForm.blueprint : (formToBlueprintInput(form) as never)));
    setView('json');
  };
  const editJson = (text: string) => {
    setSaved(null);
    setJsonText(text);
    const checked = checkBlueprintText(text);
    if (checked.ok) {
      const opened = blueprintToForm(checked.blueprint);
      setForm(opened.form);
      setNotes(opened.notes);
    }
  };
  const save = useAction(async () => {
    if (!current) return;
    const r = await transport.call('blueprints.save', { body: current });
    setSaved(r.created ? `Saved ${r.name} as version ${r.version}.` : `${r.name} is unchanged: version ${r.version} is the same.`);
    setNotes([]);
    onSaved(r.name, r.version);
  });
  const exportFile = () => current && downloadText(blueprintFileName(current.name), blueprintJson(current), 'application/json');
  const origin = draft.origin;

  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={4}>{form.name.trim() || 'New blueprint'}</Title>
          {origin ? <Badge variant="light">{origin.version === origin.latest ? `version ${origin.version}` : `version ${origin.version} of ${origin.latest}`}</Badge> : <Badge color="gray">not saved</Badge>}
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={exportFile} disabled={!current}>
            Export file
          </Button>
          <Button onClick={() => void save.run()} loading={save.busy} disabled={!current}>
            Save as new version
          </Button>
        </Group>
      </Group>
      {origin && origin.version !== origin.latest ? (
        <Alert variant="light" color="blue" role="note">
          This is version {origin.version}; saving it makes it the newest version ({origin.latest + 1}).
        </Alert>
      ) : null}
      {notes.map((n) => (
        <Alert key={n} variant="light" color="yellow" role="note">
          {n}
        </Alert>
      ))}
      <CartCheckCard check={check} formProblems={blocking} />
      {save.error ? <ErrorSentence error={save.error} title="The station did not accept this blueprint" /> : null}
      {saved ? (
        <Text c="green.8" role="status">
          {saved}
        </Text>
      ) : null}
      <Tabs value={view} onChange={(v) => (v === 'json' ? showJson() : setView('form'))} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="form">Form</Tabs.Tab>
          <Tabs.Tab value="json">Advanced (JSON)</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="form" pt="md">
          <form aria-label="Blueprint" onSubmit={(e) => e.preventDefault()}>
            <Stack>
              <BlueprintFormView form={form} change={change} problems={problems} />
              <StepsPreview steps={formSteps(form)} />
            </Stack>
          </form>
        </Tabs.Panel>
        <Tabs.Panel value="json" pt="md">
          <JsonView text={jsonText} check={jsonCheck} onChange={editJson} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
