import { Alert, Button, Paper, PasswordInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';

const EMPTY = { id: '', name: '', username: '', email: '', badge: '', pin: '', groups: '' };

/** One person for the local directory. The PIN is sent once, hashed by the station, never shown. */
export function AddUserForm({ onAdded }: { onAdded: (id: string) => void }) {
  const transport = useTransport();
  const [f, setF] = useState(EMPTY);
  const [done, setDone] = useState<string | null>(null);
  const add = useAction(async () => {
    const { user } = await transport.call('users.add', {
      id: f.id.trim(),
      name: f.name.trim(),
      ...(f.username.trim() ? { username: f.username.trim() } : {}),
      ...(f.email.trim() ? { email: f.email.trim() } : {}),
      ...(f.badge.trim() ? { badge: f.badge.trim() } : {}),
      ...(f.pin ? { pin: f.pin } : {}),
      groups: f.groups.split(/[;,]/).map((g) => g.trim()).filter(Boolean),
    });
    setF(EMPTY);
    setDone(user.name);
    onAdded(user.id);
  });
  const field = (key: keyof typeof EMPTY) => ({
    value: f[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      setDone(null);
      setF({ ...f, [key]: key === 'pin' ? e.currentTarget.value.replace(/\D/g, '') : e.currentTarget.value });
    },
  });
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={4} mb="sm">
        Add a person
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add.run();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label="ID" placeholder="e.g. employee number" required {...field('id')} />
            <TextInput label="Name" required {...field('name')} />
            <TextInput label="Username" {...field('username')} />
            <TextInput label="Email" type="email" {...field('email')} />
            <TextInput label="Badge" description="What the scanner types" {...field('badge')} />
            <PasswordInput label="Kiosk PIN" description="4 to 12 digits" inputMode="numeric" {...field('pin')} />
          </SimpleGrid>
          <TextInput label="Groups" placeholder="staff; lab" description="Separated by ; or ," {...field('groups')} />
          {add.error ? <ErrorSentence error={add.error} /> : null}
          {done ? (
            <Alert color="green" variant="light" data-testid="user-added">
              {done} was added to the directory.
            </Alert>
          ) : null}
          <Button type="submit" loading={add.busy} disabled={!f.id.trim() || !f.name.trim()} data-testid="user-add">
            Add to directory
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
