import { Button, Group, NumberInput, Popover, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';

/** "Every 15 minutes — Change": how often a serving station syncs with the MDM. */
export function SyncInterval({ minutes, running, onChanged }: { minutes: number; running: boolean; onChanged: () => Promise<void> }) {
  const transport = useTransport();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<number>(minutes);
  const save = useAction(async () => {
    await transport.call('mdm.setSyncInterval', { minutes: value });
    setOpen(false);
    await onChanged();
  });
  return (
    <Group gap={6}>
      <Text size="sm" c="dimmed">
        {running ? `Synced automatically every ${minutes} minutes while the station runs.` : `Not synced automatically by this host (the station’s screen and cartwright serve sync every ${minutes} minutes).`}
      </Text>
      <Popover opened={open} onChange={setOpen} position="bottom-start" withArrow shadow="md">
        <Popover.Target>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => {
              setValue(minutes);
              setOpen((o) => !o);
            }}
          >
            Change
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save.run();
            }}
          >
            <Stack gap="xs" w={260}>
              <NumberInput label="Sync every (minutes)" min={1} max={1440} value={value} onChange={(v) => setValue(Number(v) || 1)} data-autofocus />
              {save.error ? <ErrorSentence error={save.error} /> : null}
              <Button type="submit" size="xs" loading={save.busy}>
                Save
              </Button>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
