import { Button, Group, Paper, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type ChangeEvent } from 'react';
import type { AuditEntryView } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { downloadText } from '../common/download';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { auditCsv } from './audit-csv';

interface Filters {
  actor: string;
  action: string;
  udid: string;
  since: string;
  until: string;
}

const toIso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

/** Who did what to which device, filtered, and exported as CSV for the auditors. */
export function AuditLog() {
  const transport = useTransport();
  const [filters, setFilters] = useState<Filters>({ actor: '', action: '', udid: '', since: '', until: '' });
  const [rows, setRows] = useState<AuditEntryView[]>([]);
  const query = useAction(async (f: Filters) => {
    const input = {
      limit: 1000,
      ...(f.actor ? { actor: f.actor } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.udid ? { udid: f.udid } : {}),
      ...(toIso(f.since) ? { since: toIso(f.since) } : {}),
      ...(toIso(f.until) ? { until: toIso(f.until) } : {}),
    };
    setRows(await transport.call('audit.query', input));
  });
  const { run } = query;
  useEffect(() => {
    void run({ actor: '', action: '', udid: '', since: '', until: '' });
  }, [run]);
  const field = (key: keyof Filters) => ({ value: filters[key], onChange: (e: ChangeEvent<HTMLInputElement>) => setFilters({ ...filters, [key]: e.currentTarget.value }) });
  return (
    <Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void query.run(filters);
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Actor" {...field('actor')} w={140} />
          <TextInput label="Action" placeholder="device.pair" {...field('action')} w={160} />
          <TextInput label="UDID" {...field('udid')} w={220} />
          <TextInput label="Since" type="datetime-local" {...field('since')} />
          <TextInput label="Until" type="datetime-local" {...field('until')} />
          <Button type="submit" loading={query.busy}>
            Filter
          </Button>
          <Button variant="default" disabled={rows.length === 0} onClick={() => downloadText(`cartwright-audit-${new Date().toISOString().slice(0, 10)}.csv`, auditCsv(rows), 'text/csv')}>
            Export CSV
          </Button>
        </Group>
      </form>
      {query.error ? <ErrorSentence error={query.error} /> : null}
      <Paper withBorder radius="md">
        <ScrollArea h={520}>
          <Table striped highlightOnHover stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Device</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{new Date(r.at).toLocaleString()}</Table.Td>
                  <Table.Td>{r.actor}</Table.Td>
                  <Table.Td>{r.source}</Table.Td>
                  <Table.Td className="cw-mono">{r.action}</Table.Td>
                  <Table.Td className="cw-mono">{r.serial ?? r.udid ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" className="cw-mono" lineClamp={2}>
                      {Object.keys(r.details).length ? JSON.stringify(r.details) : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {rows.length === 0 && !query.busy ? (
            <Text c="dimmed" p="md">
              No entries match.
            </Text>
          ) : null}
        </ScrollArea>
      </Paper>
    </Stack>
  );
}
