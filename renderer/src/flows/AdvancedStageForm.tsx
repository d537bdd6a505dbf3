import { ActionIcon, Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DirectoryUser } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { FormCard } from '../common/FormCard';
import { useAction } from '../common/use-action';
import { devicesCount } from '../staging/use-device-targets';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { FlowBlueprint } from './FlowBlueprint';
import { StartedBatch } from './StartedBatch';
import { UserPicker } from './UserPicker';
import { deviceLabel } from './flow-text';

interface Row {
  key: number;
  udid: string | null;
  user: DirectoryUser | null;
}

let nextKey = 1;
const emptyRow = (): Row => ({ key: nextKey++, udid: null, user: null });

/** Single User Advanced: one person per device, registered in the MDM and staged in one batch. */
export function AdvancedStageForm({ onStaged }: { onStaged(): void }) {
  const transport = useTransport();
  const devices = useStation(useShallow((s) => Object.values(s.devices).filter((d) => d.connected).sort((a, b) => (a.slot ?? 1e9) - (b.slot ?? 1e9))));
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [rows, setRows] = useState<Row[]>(() => [emptyRow()]);
  const [batchId, setBatchId] = useState<string | null>(null);
  const complete = rows.filter((r): r is Row & { udid: string; user: DirectoryUser } => r.udid !== null && r.user !== null);
  const stage = useAction(async () => {
    if (!blueprint || complete.length === 0) return;
    const targets = complete.map((r) => ({ udid: r.udid, user: r.user.id }));
    const r = await transport.call('flows.stage', { flow: 'single-user-advanced', blueprint, targets });
    setBatchId(r.batchId);
    setRows([emptyRow()]);
    onStaged();
  });
  // `cartwright assign`: a device already staged (or staged later) is only registered. Each
  // registered row leaves the list at once, so a failure part-way shows only what is left to do.
  const register = useAction(async () => {
    try {
      for (const r of complete) {
        await transport.call('flows.assign', { udid: r.udid, user: r.user.id });
        setRows((list) => list.filter((row) => row.key !== r.key));
      }
      setRows((list) => (list.length ? list : [emptyRow()]));
    } finally {
      onStaged();
    }
  });
  const update = (key: number, change: Partial<Row>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const taken = new Set(rows.map((r) => r.udid));
  return (
    <FormCard
      title="Register and stage for a person"
      explanation="Each device is registered to its person in the MDM (serial number and IMEI) and staged. Only that person can receive it at hand-off."
      onSubmit={() => void stage.run()}
    >
      <FlowBlueprint flow="single-user-advanced" value={blueprint} onChange={setBlueprint} />
      {rows.map((row, i) => (
        <Group key={row.key} align="flex-end" wrap="nowrap" data-testid="advanced-row">
          <div style={{ flex: 1 }}>
            <UserPicker label={`Person ${i + 1}`} value={row.user} onChange={(user) => update(row.key, { user })} />
          </div>
          <Select
            style={{ flex: 1 }}
            label={`Device for person ${i + 1}`}
            placeholder="Pick a device on the cart"
            searchable
            data={devices.filter((d) => d.udid === row.udid || !taken.has(d.udid)).map((d) => ({ value: d.udid, label: deviceLabel(d, d.udid) }))}
            value={row.udid}
            onChange={(udid) => update(row.key, { udid })}
            nothingFoundMessage="No connected device left"
          />
          {rows.length > 1 ? (
            <ActionIcon variant="subtle" color="gray" size="lg" mb={4} aria-label={`Remove person ${i + 1}`} onClick={() => setRows((list) => list.filter((r) => r.key !== row.key))}>
              ✕
            </ActionIcon>
          ) : null}
        </Group>
      ))}
      <Group>
        <Button variant="default" onClick={() => setRows((list) => [...list, emptyRow()])} disabled={rows.length >= devices.length}>
          Add another person
        </Button>
      </Group>
      {stage.error ? <ErrorSentence error={stage.error} /> : null}
      {register.error ? <ErrorSentence error={register.error} /> : null}
      <Group>
        <Button type="submit" loading={stage.busy} disabled={!blueprint || complete.length === 0 || register.busy}>
          Register and stage {devicesCount(complete.length)}
        </Button>
        <Button variant="light" loading={register.busy} disabled={complete.length === 0 || stage.busy} onClick={() => void register.run()}>
          Register only
        </Button>
      </Group>
      {batchId ? <StartedBatch batchId={batchId} /> : null}
    </FormCard>
  );
}
