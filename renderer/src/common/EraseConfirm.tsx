import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

interface Props {
  opened: boolean;
  count: number;
  busy: boolean;
  onCancel(): void;
  onConfirm(): void;
}

/** Erasing loses everything on the device: the technician types ERASE, so a stray Enter cannot do it. */
export function EraseConfirm({ opened, count, busy, onCancel, onConfirm }: Props) {
  const [typed, setTyped] = useState('');
  const ok = typed.trim().toUpperCase() === 'ERASE';
  return (
    <Modal opened={opened} onClose={onCancel} title={`Erase ${count} device${count === 1 ? '' : 's'}?`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onConfirm();
        }}
      >
        <Stack>
          <Text>Everything on {count === 1 ? 'this device' : 'these devices'} is lost, and each one restarts into Setup Assistant.</Text>
          <TextInput label="Type ERASE to confirm" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-autofocus autoComplete="off" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button color="red" type="submit" disabled={!ok} loading={busy}>
              Erase
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
