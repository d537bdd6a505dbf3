import { Table, Text } from '@mantine/core';
import type { FlowDeviceStatus } from '../../../electron/api/index.js';
import { useStation } from '../store/station-store';
import { deviceLabel, sentence, when } from './flow-text';

/** Devices with their flow status, the person they belong to and since when. */
export function StatusTable({ rows, empty, testId }: { rows: FlowDeviceStatus[]; empty: string; testId: string }) {
  const devices = useStation((s) => s.devices);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {empty}
      </Text>
    );
  }
  return (
    <Table verticalSpacing="xs" data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Device</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Since</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((s) => (
          <Table.Tr key={s.udid} data-udid={s.udid}>
            <Table.Td>{deviceLabel(devices[s.udid], s.udid)}</Table.Td>
            <Table.Td>{sentence(s.status)}</Table.Td>
            <Table.Td>{when(s.assignment?.since ?? null)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
