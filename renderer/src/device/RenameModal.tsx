import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';

export function RenameModal({ udid, current, opened, onClose }: { udid: string; current: string; opened: boolean; onClose(): void }) {
  const transport = useTransport();
  const [name, setName] = useState(current);
  const rename = useAction(async () => {
    await transport.call('devices.rename', { udid, name: name.trim() });
    onClose();
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Rename device" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void rename.run();
        }}
      >
        <Stack>
          <TextInput label="Device name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus maxLength={255} required />
          {rename.error ? <ErrorSentence error={rename.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.busy} disabled={!name.trim()}>
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
