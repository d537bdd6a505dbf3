import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EraseConfirm } from '../common/EraseConfirm';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { navigate } from '../nav/route';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { selectedUdids, useUi } from '../store/ui-store';

/** What to do with the selected devices. Prepare goes to Staging, where the blueprint is chosen. */
export function BulkActions() {
  const transport = useTransport();
  const udids = useUi(useShallow(selectedUdids));
  const clear = useUi((s) => s.clear);
  const notify = useStation((s) => s.notify);
  const [erasing, setErasing] = useState(false);
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
  const error = pair.error ?? restart.error ?? erase.error;
  const none = udids.length === 0;
  return (
    <>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} miw={90}>
          {none ? 'None selected' : `${udids.length} selected`}
        </Text>
        <Button size="sm" disabled={none} onClick={() => navigate({ screen: 'staging' })}>
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
      <EraseConfirm opened={erasing} count={udids.length} busy={erase.busy} onCancel={() => setErasing(false)} onConfirm={() => void erase.run()} />
    </>
  );
}
