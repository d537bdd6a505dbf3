import { Button, Group, Table, Text } from '@mantine/core';
import { OUTCOME_LABEL, summaryCsv, type BatchProgress, type SummaryRow } from '../../../electron/api/index.js';
import { downloadText } from '../common/download';
import { formatDuration } from '../common/device-text';

/** A finished batch: what each device ended as, and the same table as a CSV file. */
export function BatchSummary({ batch, rows }: { batch: BatchProgress; rows: SummaryRow[] }) {
  const download = () => downloadText(`batch-${batch.blueprint.replace(/[^\w.-]+/g, '_')}-${batch.startedAt.slice(0, 10)}.csv`, summaryCsv(rows), 'text/csv');
  return (
    <div data-testid="batch-summary">
      <Group justify="space-between" mt="sm" mb={4}>
        <Text size="sm" fw={600}>{`Summary: ${batch.succeeded} ready, ${batch.failed} failed, ${batch.cancelled} cancelled of ${batch.total}`}</Text>
        <Button size="xs" variant="default" onClick={download}>
          Download CSV
        </Button>
      </Group>
      <Table striped withTableBorder fz="sm" aria-label="Batch summary">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Slot</Table.Th>
            <Table.Th>Serial</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Failed step</Table.Th>
            <Table.Th>Error</Table.Th>
            <Table.Th>Duration</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.udid}>
              <Table.Td>{r.slot ?? '–'}</Table.Td>
              <Table.Td className="cw-mono">{r.serial ?? '–'}</Table.Td>
              <Table.Td>{r.name ?? '–'}</Table.Td>
              <Table.Td>{OUTCOME_LABEL[r.outcome]}</Table.Td>
              <Table.Td>{r.failedStep ?? ''}</Table.Td>
              <Table.Td>{r.error ?? ''}</Table.Td>
              <Table.Td>{formatDuration(r.durationMs)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
