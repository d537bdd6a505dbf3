import { Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

/**
 * A badge scanner types the number and Enter, like a keyboard: the field holds focus the whole
 * time, so a scan works with no mouse and nobody touching the screen.
 */
export function BadgeScan({ onBadge, onUsePin }: { onBadge(badge: string): void; onUsePin(): void }) {
  const [value, setValue] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <Stack align="center" gap="xl" className="cw-kiosk-panel">
      <Title order={1} className="cw-kiosk-title">
        Scan your badge
      </Title>
      <Text size="xl" c="dimmed">
        Hold your badge to the reader to check a device out or in.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const badge = value.trim();
          setValue('');
          if (badge) onBadge(badge);
        }}
      >
        <TextInput
          ref={ref}
          size="xl"
          w={420}
          type="password"
          autoComplete="off"
          aria-label="Badge number"
          placeholder="Badge"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onBlur={(e) => {
            // Keep listening for the scanner unless the person chose the PIN sign-in.
            const next = e.relatedTarget as HTMLElement | null;
            if (!next?.closest('[data-kiosk-keep-focus="false"]')) setTimeout(() => ref.current?.focus(), 0);
          }}
          data-testid="badge-input"
        />
      </form>
      <Button size="xl" variant="light" onClick={onUsePin} data-kiosk-keep-focus="false">
        Sign in with username and PIN
      </Button>
    </Stack>
  );
}
