import { Button, Group, PasswordInput, Stack, Title } from '@mantine/core';
import { useState } from 'react';

/** Two factors: after the badge scan, the person types their PIN. Enter signs in, Back starts over. */
export function BadgePin({ onSubmit, onCancel }: { onSubmit(pin: string): void; onCancel(): void }) {
  const [pin, setPin] = useState('');
  const valid = /^\d{4,12}$/.test(pin);
  return (
    <form
      className="cw-kiosk-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSubmit(pin);
      }}
    >
      <Stack align="center" gap="lg">
        <Title order={1} className="cw-kiosk-title">
          Type your PIN
        </Title>
        <PasswordInput size="xl" w={420} label="PIN" inputMode="numeric" value={pin} onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, ''))} maxLength={12} autoFocus data-testid="badge-pin-input" />
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
