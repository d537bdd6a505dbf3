import { Badge, Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ApiError, OutboxCounts } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useTransport } from '../store/client';
import { asApiError } from '../transport/transport';
import { kindLabel, splitMdmAnswer, when } from './admin-format';
import type { OutboxView } from './use-mdm';

function Stat({ label, value, color, testId }: { label: string; value: number | undefined; color?: string; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md" className="cw-stat">
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <Text fz={32} fw={700} lh={1.2} c={value ? color : undefined} data-testid={testId}>
        {value ?? '–'}
      </Text>
    </Paper>
  );
}

function MdmAnswer({ line }: { line: string | null }) {
  if (!line) return <Text size="sm" c="dimmed">No answer recorded.</Text>;
  const { sentence, detail } = splitMdmAnswer(line);
  return (
    <>
      <Text size="sm" fw={500} c="red.8">
        {sentence}
      </Text>
      {detail ? (
        <Text size="xs" c="dimmed" className="cw-mdm-answer">
          {detail}
        </Text>
      ) : null}
    </>
  );
}

/** The outbox at a glance: what waits, what was delivered, what the MDM refused for good. */
export function OutboxCounters({ counts }: { counts: OutboxCounts | undefined }) {
  return (
    <SimpleGrid cols={3} spacing="sm">
      <Stat label="Waiting" value={counts ? counts.pending + counts.sending : undefined} color="blue.7" testId="outbox-waiting" />
      <Stat label="Delivered" value={counts?.sent} testId="outbox-sent" />
      <Stat label="Dead letters" value={counts?.dead} color="red.7" testId="outbox-dead" />
    </SimpleGrid>
  );
}

/** Messages the MDM refused for good, each with the MDM's own answer and a Retry. */
export function DeadLetters({ outbox, onChanged }: { outbox: OutboxView | null; onChanged: () => Promise<void> }) {
  const transport = useTransport();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [retried, setRetried] = useState<number[]>([]);
  const retry = async (id: number) => {
    setBusy(id);
    setError(null);
    try {
      await transport.call('mdm.retryDead', { id });
      setRetried((r) => [...r, id]);
      await onChanged();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  };
  const dead = outbox?.dead ?? [];
  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={4}>Dead letters</Title>
          <Text size="sm" c="dimmed">
            Messages the MDM refused for good. Fix the cause in the MDM console, then retry: the message goes back in its device’s line.
          </Text>
        </div>
        {dead.length ? (
          <Badge color="red" size="lg" variant="light">
            {dead.length} to look at
          </Badge>
        ) : null}
      </Group>
      {error ? <ErrorSentence error={error} /> : null}
      {dead.length === 0 ? (
        <Text c="dimmed" py="md" data-testid="dead-letters-empty">
          No dead letters{retried.length ? ` — ${retried.length === 1 ? 'the retried message is' : 'the retried messages are'} back in line` : ''}. Every message so far was delivered or is waiting its turn.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>#</Table.Th>
                <Table.Th w={190}>Message</Table.Th>
                <Table.Th w={160}>Device</Table.Th>
                <Table.Th>The MDM answered</Table.Th>
                <Table.Th w={110} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dead.map((m) => (
                <Table.Tr key={m.id} data-testid="dead-letter" data-id={m.id}>
                  <Table.Td className="cw-mono">{m.id}</Table.Td>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {kindLabel(m.kind)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {when(m.createdAt)} · {m.attempts} attempt{m.attempts === 1 ? '' : 's'}
                    </Text>
                  </Table.Td>
                  <Table.Td className="cw-mono">{m.device}</Table.Td>
                  <Table.Td>
                    <MdmAnswer line={m.lastError} />
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => void retry(m.id)} loading={busy === m.id} data-testid={`retry-${m.id}`}>
                      Retry
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      {outbox && outbox.waiting.length ? (
        <Stack gap={2} mt="sm">
          <Text size="sm" fw={600}>
            Waiting to be sent
          </Text>
          {outbox.waiting.slice(0, 5).map((m) => (
            <Text size="sm" c="dimmed" key={m.id}>
              {kindLabel(m.kind)} for <span className="cw-mono">{m.device}</span>
              {m.lastError ? ` — last try: ${m.lastError}` : ''}
            </Text>
          ))}
          {outbox.waiting.length > 5 ? <Text size="sm" c="dimmed">and {outbox.waiting.length - 5} more</Text> : null}
        </Stack>
      ) : null}
    </Paper>
  );
}
