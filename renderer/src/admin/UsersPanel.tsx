import { Badge, Grid, Group, Paper, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { DirectoryUser } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { AddUserForm } from './AddUserForm';
import { KioskLockouts } from './KioskLockouts';
import { UsersImport } from './UsersImport';

type Row = DirectoryUser & { hasPin?: boolean };

/** How long typing pauses before the directory is searched (the MDM may be asked live). */
const SEARCH_DELAY_MS = 250;

/** Admin › Users: the people the kiosk and the flows know, searched, added one by one or from a CSV. */
export function UsersPanel() {
  const transport = useTransport();
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [offline, setOffline] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const load = useAction(async (q: string) => {
    if (q.trim()) {
      const r = await transport.call('users.search', { query: q.trim(), limit: 100 });
      setRows(r.users);
      setOffline(r.offline);
    } else {
      const r = await transport.call('users.list', { limit: 500 });
      setRows(r.users);
      setTotal(r.total);
      setOffline(false);
    }
  });
  const { run } = load;
  useEffect(() => {
    const timer = setTimeout(() => void run(query), query ? SEARCH_DELAY_MS : 0);
    return () => clearTimeout(timer);
  }, [run, query]);
  const refresh = useCallback(() => void run(query), [run, query]);

  return (
    <Grid gap="md" maw={1400}>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Paper withBorder p="lg" radius="md">
          <Group justify="space-between" mb="sm">
            <div>
              <Title order={4}>Directory</Title>
              <Text size="sm" c="dimmed">
                {total === null ? '' : `${total} ${total === 1 ? 'person' : 'people'} on this station`}
                {offline ? ' · the MDM did not answer: cached entries only' : ''}
              </Text>
            </div>
            <TextInput placeholder="Search by name, username, email or whole badge" value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={360} aria-label="Search the directory" data-testid="users-search" />
          </Group>
          {load.error ? <ErrorSentence error={load.error} /> : null}
          <ScrollArea.Autosize mah={640}>
            <Table verticalSpacing="sm" highlightOnHover stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Groups</Table.Th>
                  <Table.Th w={150}>Kiosk</Table.Th>
                  <Table.Th w={90}>Source</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((u) => (
                  <Table.Tr key={u.id} data-testid="user-row" data-id={u.id} className={u.id === added ? 'cw-row-new' : undefined}>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {u.name}
                      </Text>
                      <Text size="xs" c="dimmed" className="cw-mono">
                        {u.username ?? u.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>{u.email ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {u.groups.length ? u.groups.map((g) => <Badge key={g} variant="outline" color="gray" size="sm">{g}</Badge>) : <Text c="dimmed">—</Text>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {u.hasBadge ? <Badge size="sm" variant="light">Badge</Badge> : null}
                        {u.hasPin ? <Badge size="sm" variant="light" color="grape">PIN</Badge> : null}
                        {!u.hasBadge && !u.hasPin ? <Text size="sm" c="dimmed">{u.hasPin === undefined ? '—' : 'No sign-in'}</Text> : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" color={u.source === 'local' ? 'teal' : 'indigo'} variant="dot">
                        {u.source === 'local' ? 'Local' : 'MDM'}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {rows.length === 0 && !load.busy ? (
              <Text c="dimmed" p="md">
                {query ? `No one matches “${query}”.` : 'The directory is empty: add people or import a CSV.'}
              </Text>
            ) : null}
          </ScrollArea.Autosize>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack>
          <AddUserForm
            onAdded={(id) => {
              setAdded(id);
              refresh();
            }}
          />
          <UsersImport onImported={refresh} />
          <KioskLockouts />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
