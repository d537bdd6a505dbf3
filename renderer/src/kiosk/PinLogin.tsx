import { Button, Group, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';

/** Username + PIN: Tab between the two fields, Enter signs in, Escape goes back. */
export function PinLogin({ onSubmit, onCancel }: { onSubmit(username: string, pin: string): void; onCancel(): void }) {
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const valid = username.trim() !== '' && /^\d{4,12}$/.test(pin);
  return (
    <form
      className="cw-kiosk-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSubmit(username.trim(), pin);
      }}
    >
      <Stack align="center" gap="lg">
        <Title order={1} className="cw-kiosk-title">
          Sign in
        </Title>
        <TextInput size="xl" w={420} label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoFocus autoComplete="off" />
        <PasswordInput size="xl" w={420} label="PIN" inputMode="numeric" value={pin} onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, ''))} maxLength={12} />
        <Group>
          <Button size="xl" variant="default" onClick={onCancel}>
            Back
          </Button>
          <Button size="xl" type="submit" disabled={!valid}>
            Sign in
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
