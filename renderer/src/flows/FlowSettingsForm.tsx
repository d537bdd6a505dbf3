import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { FlowSettings, ReturnPolicy } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { FormCard } from '../common/FormCard';
import { useAction } from '../common/use-action';
import { useBlueprints } from '../staging/use-blueprints';
import { useTransport } from '../store/client';
import { RETURN_POLICY_LABEL } from './flow-text';
import { settingsChange } from './settings-change';

type NumberKey = 'batteryThreshold' | 'loanHours' | 'perUserLimit' | 'pickupTimeoutSeconds' | 'kioskMaxTries' | 'kioskClientMaxTries';

const NUMBERS: { key: NumberKey; label: string; description: string; min: number; max: number; decimals?: boolean }[] = [
  { key: 'loanHours', label: 'Loan period (hours)', description: 'A check-out is overdue after this long', min: 0.25, max: 24 * 90, decimals: true },
  { key: 'perUserLimit', label: 'Devices per person', description: 'How many one person may hold at once', min: 1, max: 100 },
  { key: 'batteryThreshold', label: 'Minimum battery (%)', description: 'No device below this is handed out', min: 0, max: 100 },
  { key: 'pickupTimeoutSeconds', label: 'Time to take a device (seconds)', description: 'A picked device not taken by then is freed again', min: 10, max: 3600 },
  { key: 'kioskMaxTries', label: 'Failed kiosk sign-ins per person', description: 'Before each further try waits (30 s, doubling to 15 min)', min: 3, max: 20 },
  { key: 'kioskClientMaxTries', label: 'Failed sign-ins per kiosk', description: 'From one kiosk, any names, before it waits likewise', min: 5, max: 200 },
];

/** The flows' settings as a form: what the CLI's flow-settings changes. */
export function FlowSettingsForm() {
  const transport = useTransport();
  const { blueprints } = useBlueprints();
  const [saved, setSaved] = useState<FlowSettings | null>(null);
  const [draft, setDraft] = useState<FlowSettings | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const load = useAction(async () => {
    const s = await transport.call('flows.settings', {});
    setSaved(s);
    setDraft(s);
  });
  const { run } = load;
  useEffect(() => {
    void run();
  }, [run]);
  const save = useAction(async () => {
    if (!draft || !saved) return;
    const checked = settingsChange(saved, draft);
    if ('problem' in checked) {
      setInvalid(checked.problem);
      return;
    }
    setInvalid(null);
    const s = await transport.call('flows.settings', { change: checked.change });
    setSaved(s);
    setDraft(s);
    setNote(Object.keys(checked.change).length ? 'Saved.' : 'Nothing changed.');
  });
  if (!draft) return load.error ? <ErrorSentence error={load.error} /> : null;
  const set = <K extends keyof FlowSettings>(key: K, value: FlowSettings[K]) => {
    setNote(null);
    setDraft({ ...draft, [key]: value });
  };
  return (
    <FormCard title="Loans and returns" onSubmit={() => void save.run()}>
      <Select
        label="When a device comes back"
        data={(Object.keys(RETURN_POLICY_LABEL) as ReturnPolicy[]).map((p) => ({ value: p, label: RETURN_POLICY_LABEL[p] }))}
        value={draft.returnPolicy}
        onChange={(v) => v && set('returnPolicy', v as ReturnPolicy)}
        allowDeselect={false}
        maw={420}
      />
      <Select
        label="Blueprint for staging a returned device again"
        description="Empty: the blueprint the device was last staged with"
        data={blueprints.map((b) => b.name)}
        value={draft.multiUserBlueprint}
        onChange={(v) => set('multiUserBlueprint', v)}
        clearable
        maw={420}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {NUMBERS.map((n) => (
          <NumberInput
            key={n.key}
            label={n.label}
            description={n.description}
            min={n.min}
            max={n.max}
            allowDecimal={n.decimals ?? false}
            value={draft[n.key]}
            onChange={(v) => typeof v === 'number' && set(n.key, v)}
          />
        ))}
      </SimpleGrid>
      <TagsInput
        label="Directory groups allowed on this cart"
        description="Empty: everyone may take a device. Press Enter after each group."
        value={draft.allowedGroups}
        onChange={(groups) => set('allowedGroups', groups)}
        maw={620}
      />
      <TextInput label="Staging user (Single User Standard)" description="The account devices are enrolled under until their first user signs in" value={draft.stagingUser} onChange={(e) => set('stagingUser', e.currentTarget.value)} maw={420} />
      <Switch label="At the kiosk, a badge must be followed by the person's PIN" checked={draft.kioskBadgeNeedsPin} onChange={(e) => set('kioskBadgeNeedsPin', e.currentTarget.checked)} />
      {invalid ? (
        <Alert color="red" variant="light" title="Check the settings">
          {invalid}
        </Alert>
      ) : null}
      {save.error ? <ErrorSentence error={save.error} /> : null}
      <Group>
        <Button type="submit" loading={save.busy}>
          Save settings
        </Button>
        {note ? (
          <Text size="sm" c="dimmed" role="status">
            {note}
          </Text>
        ) : null}
      </Group>
    </FormCard>
  );
}
