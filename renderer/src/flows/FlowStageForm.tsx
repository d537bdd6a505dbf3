import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import type { FlowName } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { FormCard } from '../common/FormCard';
import { useAction } from '../common/use-action';
import { DeviceTargetChoice } from '../staging/DeviceTargetChoice';
import { devicesCount, useDeviceTargets } from '../staging/use-device-targets';
import { useTransport } from '../store/client';
import { FlowBlueprint } from './FlowBlueprint';
import { StartedBatch } from './StartedBatch';

interface Props {
  flow: Exclude<FlowName, 'single-user-advanced'>;
  title: string;
  explanation: string;
  onStaged(): void;
}

/** Stage the selected or all connected devices for a flow that needs no person per device. */
export function FlowStageForm({ flow, title, explanation, onStaged }: Props) {
  const transport = useTransport();
  const targets = useDeviceTargets();
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const stage = useAction(async () => {
    if (!blueprint) return;
    const r = await transport.call('flows.stage', { flow, blueprint, targets: targets.target === 'all' ? 'all' : targets.selected.map((udid) => ({ udid })) });
    setBatchId(r.batchId);
    onStaged();
  });
  return (
    <FormCard title={title} explanation={explanation} onSubmit={() => void stage.run()}>
      <FlowBlueprint flow={flow} value={blueprint} onChange={setBlueprint} />
      <DeviceTargetChoice targets={targets} selectedLabel="Selected on the Cart screen" />
      {stage.error ? <ErrorSentence error={stage.error} /> : null}
      <Group>
        <Button type="submit" loading={stage.busy} disabled={!blueprint || targets.count === 0}>
          Stage {devicesCount(targets.count)}
        </Button>
      </Group>
      {batchId ? <StartedBatch batchId={batchId} /> : null}
    </FormCard>
  );
}
