import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { ExpiryWarningView, MdmStatus } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { day } from './admin-format';

const ITEMS = [
  ['adeServerToken', 'ADE server token', 'Apple Business Manager › Preferences › your MDM server'],
  ['vppContentToken', 'VPP content token', 'Apple Business Manager › Payments and Billing'],
  ['apnsCertificate', 'APNs certificate', 'your MDM console (renew with the same Apple Account)'],
] as const;
type Item = (typeof ITEMS)[number][0];

/** The three yearly renewals the cart depends on: a warning 30 days ahead, and where to renew. */
export function ExpiryCard({ status, onChanged }: { status: MdmStatus | null; onChanged: () => Promise<void> }) {
  const transport = useTransport();
  const [editing, setEditing] = useState(false);
  const [dates, setDates] = useState<Record<Item, string>>({ adeServerToken: '', vppContentToken: '', apnsCertificate: '' });
  const save = useAction(async () => {
    const change = Object.fromEntries(Object.entries(dates).filter(([, v]) => v));
    await transport.call('mdm.setExpiry', change);
    setEditing(false);
    await onChanged();
  });
  const known = status?.expiryDates;
  const warnings = new Map<string, ExpiryWarningView>((status?.expiry ?? []).map((w) => [w.item, w]));
  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Renewals</Title>
        <Button variant="subtle" size="xs" onClick={() => setEditing(!editing)}>
          {editing ? 'Cancel' : 'Record dates…'}
        </Button>
      </Group>
      <Stack gap="xs">
        {(status?.expiry ?? []).map((w) => (
          <Alert key={w.item} color={w.level === 'expired' ? 'red' : 'yellow'} variant="light" title={w.message} data-testid="expiry-warning" data-item={w.item}>
            Renew it in {ITEMS.find(([k]) => k === w.item)?.[2]}.
          </Alert>
        ))}
        <SimpleGrid cols={3} spacing="sm">
          {ITEMS.map(([key, label]) => (
            <div key={key}>
              <Text size="xs" tt="uppercase" fw={700} c="dimmed">
                {label}
              </Text>
              <Text size="sm" fw={warnings.has(key) ? 700 : 400} c={warnings.get(key)?.level === 'expired' ? 'red.8' : warnings.has(key) ? 'yellow.9' : undefined}>
                {known?.[key] ? `expires ${day(known[key])}` : 'not recorded'}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save.run();
            }}
          >
            <Group align="flex-end" mt="xs">
              {ITEMS.map(([key, label]) => (
                <TextInput key={key} type="date" label={label} value={dates[key]} onChange={(e) => setDates({ ...dates, [key]: e.currentTarget.value })} />
              ))}
              <Button type="submit" loading={save.busy}>
                Save
              </Button>
            </Group>
            {save.error ? <ErrorSentence error={save.error} /> : null}
          </form>
        ) : null}
      </Stack>
    </Paper>
  );
}
