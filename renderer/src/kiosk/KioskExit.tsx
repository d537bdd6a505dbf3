import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';

/** Leaving kiosk mode: Ctrl+Shift+L (or the corner button), then the admin PIN. Electron only. */
export function KioskExit() {
  const transport = useTransport();
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState(false);
  const exit = useAction(async () => {
    const ok = await transport.exitKiosk(pin);
    setPin('');
    setWrong(!ok);
    if (ok) setOpen(false);
  });
  useHotkeys([['mod+shift+L', () => setOpen(true)]]);
  return (
    <>
      <Button className="cw-kiosk-admin" variant="subtle" color="gray" size="xs" onClick={() => setOpen(true)}>
        Admin
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Leave kiosk mode" centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void exit.run();
          }}
        >
          <Stack>
            <PasswordInput label="Admin PIN" inputMode="numeric" value={pin} onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, ''))} data-autofocus />
            {wrong ? <Text c="red">That PIN is not right.</Text> : null}
            {exit.error ? <ErrorSentence error={exit.error} /> : null}
            <Group justify="flex-end">
              <Button type="submit" loading={exit.busy} disabled={pin.length < 4}>
                Leave kiosk
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
