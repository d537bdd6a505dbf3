import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LockoutView } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';

/** Admin › Users: who may not sign in at the kiosk after too many failed tries, with Unlock. */
export function KioskLockouts() {
  const transport = useTransport();
  const [locked, setLocked] = useState<LockoutView[]>([]);
  const load = useAction(async () => setLocked((await transport.call('users.locked', {})).locked));
  const unlock = useAction(async (l: LockoutView) => {
    await transport.call('users.unlock', { kind: l.kind, key: l.key });
    await load.run();
  });
  const { run } = load;
  useEffect(() => {
    void run();
  }, [run]);

  return (
    <Paper withBorder p="lg" radius="md" data-testid="kiosk-lockouts">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Locked at the kiosk</Title>
        <Button size="xs" variant="subtle" onClick={() => void run()}>
          Refresh
        </Button>
      </Group>
      {load.error ? <ErrorSentence error={load.error} /> : null}
      {unlock.error ? <ErrorSentence error={unlock.error} /> : null}
      {locked.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody is locked out.
        </Text>
      ) : (
        <Stack gap="xs">
          {locked.map((l) => (
            <Group key={`${l.kind}:${l.key}`} justify="space-between" data-testid="lockout-row">
              <div>
                <Text size="sm" fw={600} className="cw-mono">
                  {l.kind === 'client' ? `Kiosk ${l.key}` : l.key}
                </Text>
                <Text size="xs" c="dimmed">
                  {l.failures} failed tries · until {l.lockedUntil ? new Date(l.lockedUntil).toLocaleTimeString() : '—'}
                </Text>
              </div>
              <Button size="xs" variant="light" loading={unlock.busy} onClick={() => void unlock.run(l)}>
                Unlock
              </Button>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
