import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { FormCard } from '../common/FormCard';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { BlueprintSelect } from './BlueprintSelect';
import { DeviceTargetChoice } from './DeviceTargetChoice';
import { StagingUserInput, stagingUserField } from './StagingUserInput';
import { useBlueprintChoice } from './use-blueprints';
import { devicesCount, useDeviceTargets } from './use-device-targets';

/** Choose a blueprint and the devices, then start one batch. */
export function StartStagingForm({ onStarted }: { onStarted(batchId: string): void }) {
  const transport = useTransport();
  const { blueprints, error: listError, chosen, pick } = useBlueprintChoice();
  const targets = useDeviceTargets();
  const [user, setUser] = useState('');
  const start = useAction(async () => {
    if (!chosen) return;
    const r = await transport.call('staging.start', { blueprint: chosen, udids: targets.target === 'all' ? 'all' : targets.selected, ...stagingUserField(user) });
    onStarted(r.batchId);
  });
  return (
    <FormCard title="Start staging" titleOrder={3} onSubmit={() => void start.run()}>
      <BlueprintSelect blueprints={blueprints} value={chosen} onChange={pick} data-testid="blueprint-select" />
      <DeviceTargetChoice targets={targets} />
      <StagingUserInput value={user} onChange={setUser} maw={360} />
      {listError ? <ErrorSentence error={listError} /> : null}
      {start.error ? <ErrorSentence error={start.error} /> : null}
      <Group>
        <Button type="submit" size="md" loading={start.busy} disabled={!chosen || targets.count === 0} data-testid="start-staging">
          Start on {devicesCount(targets.count)}
        </Button>
      </Group>
    </FormCard>
  );
}
