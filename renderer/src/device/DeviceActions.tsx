import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import type { DeviceSummary } from '../../../electron/api/index.js';
import { EraseConfirm } from '../common/EraseConfirm';
import { ErrorSentence } from '../common/ErrorSentence';
import { downloadText } from '../common/download';
import { useAction } from '../common/use-action';
import { PrepareDrawer } from '../cart/PrepareDrawer';
import { deviceTitle } from '../common/device-text';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { RenameModal } from './RenameModal';
import type { DeviceDetail } from './use-device-detail';

export function DeviceActions({ device, detail }: { device: DeviceSummary; detail: DeviceDetail | null }) {
  const transport = useTransport();
  const notify = useStation((s) => s.notify);
  const [preparing, setPreparing] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [erasing, setErasing] = useState(false);
  const udid = device.udid;
  const pair = useAction(async () => {
    const r = await transport.call('devices.pair', { udids: [udid] });
    const first = r.results[0];
    if (first && !first.ok) notify('warning', first.error ?? 'The device did not pair.');
  });
  const restart = useAction(() => transport.call('devices.restart', { udid }));
  const retry = useAction(() => transport.call('staging.retry', { udid }));
  const erase = useAction(async () => {
    await transport.call('devices.erase', { udids: [udid], confirm: true });
    setErasing(false);
  });
  const error = pair.error ?? restart.error ?? retry.error ?? erase.error;
  const offline = !device.connected;
  return (
    <>
      <Group gap="xs">
        <Button disabled={offline} onClick={() => setPreparing(true)}>
          Prepare…
        </Button>
        {device.state === 'error' ? (
          <Button variant="light" color="orange" loading={retry.busy} onClick={() => void retry.run()}>
            Retry
          </Button>
        ) : null}
        <Button variant="default" disabled={offline || device.paired} loading={pair.busy} onClick={() => void pair.run()}>
          Pair
        </Button>
        <Button variant="default" disabled={offline} onClick={() => setRenaming(true)}>
          Rename…
        </Button>
        <Button variant="default" disabled={offline} loading={restart.busy} onClick={() => void restart.run()}>
          Restart
        </Button>
        <Button variant="default" onClick={() => downloadText(`${device.serial ?? udid}.json`, JSON.stringify(detail ?? { device }, null, 2), 'application/json')}>
          Export
        </Button>
        <Button variant="outline" color="red" disabled={offline} onClick={() => setErasing(true)}>
          Erase…
        </Button>
      </Group>
      {error ? <ErrorSentence error={error} /> : null}
      <PrepareDrawer
        opened={preparing}
        udids={[udid]}
        subject={`This device only: ${deviceTitle(device)}${device.slot === null ? '' : ` in slot ${device.slot}`}.`}
        onClose={() => setPreparing(false)}
        onStarted={() => notify('info', `Preparing ${deviceTitle(device)}: its progress shows here and on the Cart screen.`)}
      />
      {renaming ? <RenameModal udid={udid} current={device.name ?? ''} opened onClose={() => setRenaming(false)} /> : null}
      <EraseConfirm opened={erasing} count={1} busy={erase.busy} onCancel={() => setErasing(false)} onConfirm={() => void erase.run()} />
    </>
  );
}
