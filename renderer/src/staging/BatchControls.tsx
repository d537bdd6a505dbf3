import { Button, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';
import type { BatchProgress } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';

/** Pause, resume or cancel a running batch; a pause lets each running device finish its step first. */
export function BatchControls({ batch }: { batch: BatchProgress }) {
  const transport = useTransport();
  const apply = useStation((s) => s.apply);
  const [confirming, setConfirming] = useState(false);
  const hold = useAction(async (on: boolean) => apply({ type: 'batch', progress: await transport.call('staging.hold', { batchId: batch.batchId, hold: on }) }));
  const cancel = useAction(async () => {
    await transport.call('staging.cancelBatch', { batchId: batch.batchId });
    setConfirming(false);
  });
  return (
    <>
      <Group gap="xs">
        {batch.held ? (
          <Button size="xs" color="green" loading={hold.busy} onClick={() => void hold.run(false)}>
            Resume batch
          </Button>
        ) : (
          <Button size="xs" variant="default" loading={hold.busy} onClick={() => void hold.run(true)}>
            Pause batch
          </Button>
        )}
        <Button
          size="xs"
          variant="subtle"
          color="red"
          onClick={() => {
            cancel.reset();
            setConfirming(true);
          }}
        >
          Cancel batch…
        </Button>
      </Group>
      {hold.error ? <ErrorSentence error={hold.error} /> : null}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Cancel this batch?">
        <Text size="sm">
          Devices not started yet will not be staged. Devices being staged stop after their current step and keep what they already have; each can be prepared again later.
        </Text>
        {/* Shown in the dialog: behind it the technician would not see why the batch goes on. */}
        {cancel.error ? <ErrorSentence error={cancel.error} title="The batch was not cancelled" /> : null}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Keep going
          </Button>
          <Button color="red" loading={cancel.busy} onClick={() => void cancel.run()}>
            Cancel the batch
          </Button>
        </Group>
      </Modal>
    </>
  );
}
