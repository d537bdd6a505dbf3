import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EraseConfirm } from '../common/EraseConfirm';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { selectedUdids, useUi } from '../store/ui-store';
import { PrepareDrawer } from './PrepareDrawer';
import { attentionUdids } from './selection';

/** What to select, and what to do with the selected devices. Prepare opens here, on the Cart screen. */
export function BulkActions() {
  const transport = useTransport();
  const udids = useUi(useShallow(selectedUdids));
  const { clear, selectOnly } = useUi(useShallow((s) => ({ clear: s.clear, selectOnly: s.selectOnly })));
  const notify = useStation((s) => s.notify);
  const [erasing, setErasing] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const pair = useAction(async () => {
    const r = await transport.call('devices.pair', { udids });
    const failed = r.results.filter((x) => !x.ok).length;
    notify(failed ? 'warning' : 'info', failed ? `${failed} of ${r.results.length} devices did not pair.` : `Paired ${r.results.length} device(s).`);
  });
  const restart = useAction(async () => {
    await Promise.all(udids.map((udid) => transport.call('devices.restart', { udid })));
    notify('info', `Restarting ${udids.length} device(s).`);
  });
  const erase = useAction(async () => {
    const r = await transport.call('devices.erase', { udids, confirm: true });
    notify('info', `Erasing ${r.erased.length} device(s).`);
    setErasing(false);
    clear();
  });
  const order = useUi((s) => s.order);
  // A number, so the bar redraws only when the count changes, not at every step of every device.
  const attention = useStation((s) => attentionUdids(order, s.devices).length);
  const selectAttention = () => selectOnly(attentionUdids(useUi.getState().order, useStation.getState().devices));
  const error = pair.error ?? restart.error ?? erase.error;
  const none = udids.length === 0;
  return (
    <>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} miw={90} aria-live="polite">
          {none ? 'None selected' : `${udids.length} selected`}
        </Text>
        <Button size="sm" variant="light" onClick={() => selectOnly(useUi.getState().order)}>
          Select all
        </Button>
        {/* Red only when a device waits for a person or failed; with none, there is nothing to pick. */}
        <Button size="sm" variant="light" color={attention ? 'red' : 'gray'} disabled={attention === 0} onClick={selectAttention} title={attention ? undefined : 'No device needs attention'}>
          {`Needs attention (${attention})`}
        </Button>
        <Button size="sm" disabled={none} onClick={() => setPreparing(true)}>
          Prepare…
        </Button>
        <Button size="sm" variant="default" disabled={none} loading={pair.busy} onClick={() => void pair.run()}>
          Pair
        </Button>
        <Button size="sm" variant="default" disabled={none} loading={restart.busy} onClick={() => void restart.run()}>
          Restart
        </Button>
        <Button size="sm" variant="default" color="red" disabled={none} onClick={() => setErasing(true)}>
          Erase…
        </Button>
        <Button size="sm" variant="subtle" disabled={none} onClick={clear}>
          Clear
        </Button>
      </Group>
      {error ? <ErrorSentence error={error} /> : null}
      <PrepareDrawer opened={preparing} udids={udids} onClose={() => setPreparing(false)} onStarted={clear} />
      <EraseConfirm opened={erasing} count={udids.length} busy={erase.busy} onCancel={() => setErasing(false)} onConfirm={() => void erase.run()} />
    </>
  );
}
