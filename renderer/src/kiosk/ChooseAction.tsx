import { Button, Kbd, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import type { KioskDeviceRef, KioskUser } from '../../../electron/api/index.js';

interface Props {
  user: KioskUser;
  holding: KioskDeviceRef[];
  canCheckOut: boolean;
  onCheckOut(): void;
  onReturn(device: KioskDeviceRef): void;
}

/** After sign-in: return what you hold (the likely reason to be here) or take another. Keys 1–9 pick. */
export function ChooseAction({ user, holding, canCheckOut, onCheckOut, onReturn }: Props) {
  const options = [...holding.map((d) => ({ label: `Return ${d.name ?? 'my device'}`, run: () => onReturn(d) })), ...(canCheckOut ? [{ label: 'Check out a device', run: onCheckOut }] : [])];
  useHotkeys(options.slice(0, 9).map((o, i) => [String(i + 1), o.run] as [string, () => void]));
  return (
    <Stack align="center" gap="xl" className="cw-kiosk-panel">
      <Title order={1} className="cw-kiosk-title">
        Hello, {user.displayName}
      </Title>
      {options.length === 0 ? (
        <Text size="xl">You cannot check out another device right now.</Text>
      ) : (
        options.map((o, i) => (
          <Button key={o.label} size="xl" h={88} w={520} variant={i === 0 ? 'filled' : 'default'} onClick={o.run} autoFocus={i === 0} rightSection={<Kbd size="lg">{i + 1}</Kbd>}>
            {o.label}
          </Button>
        ))
      )}
    </Stack>
  );
}
