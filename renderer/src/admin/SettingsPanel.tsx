import { Button, Group, Paper, PasswordInput, SegmentedControl, Stack, Text, Title, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { navigate } from '../nav/route';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';

export function SettingsPanel() {
  const transport = useTransport();
  const host = useStation((s) => s.host);
  const info = useStation((s) => s.info);
  const setHost = useStation((s) => s.setHost);
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const [pin, setPin] = useState('');
  const [pinSaved, setPinSaved] = useState(false);
  const savePin = useAction(async () => {
    await transport.setKioskPin(pin);
    setPin('');
    setPinSaved(true);
    setHost(await transport.hostInfo());
  });
  const enter = useAction(async () => {
    if (await transport.enterKiosk()) navigate({ screen: 'kiosk' });
  });
  const electron = host?.kind === 'electron';
  return (
    <Stack maw={720}>
      <Paper withBorder p="lg" radius="md">
        <Title order={4} mb="sm">
          Appearance
        </Title>
        <SegmentedControl
          value={colorScheme}
          onChange={(v) => setColorScheme(v as MantineColorScheme)}
          data={[
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
            { value: 'auto', label: 'Follow the system' },
          ]}
        />
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Title order={4} mb="sm">
          Kiosk
        </Title>
        {electron ? (
          <Stack>
            <Text size="sm" c="dimmed">
              Kiosk mode fills the screen with check-out/check-in and can only be left with the admin PIN. {host?.kioskPinSet ? 'An admin PIN is set.' : 'Set an admin PIN first.'}
            </Text>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void savePin.run();
              }}
            >
              <Group align="flex-end">
                <PasswordInput label="New admin PIN (4–12 digits)" inputMode="numeric" value={pin} onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, ''))} w={260} />
                <Button type="submit" variant="default" disabled={pin.length < 4} loading={savePin.busy}>
                  Set PIN
                </Button>
                <Button onClick={() => void enter.run()} disabled={!host?.kioskPinSet} loading={enter.busy}>
                  Enter kiosk mode
                </Button>
              </Group>
            </form>
            {pinSaved ? <Text c="green.8">The admin PIN is set.</Text> : null}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            This screen is served by <code>cartwright serve</code>. For a browser kiosk, run it with <code>--kiosk</code>; the admin PIN is managed on the station’s own screen.
          </Text>
        )}
        {savePin.error ? <ErrorSentence error={savePin.error} /> : null}
        {enter.error ? <ErrorSentence error={enter.error} /> : null}
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Title order={4} mb="sm">
          Station
        </Title>
        <Text size="sm">Version {info?.version ?? '—'}</Text>
        <Text size="sm">Supervision identity: {info?.organization ?? 'none yet'}</Text>
      </Paper>
    </Stack>
  );
}
