import { Badge, Paper, Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { DeviceSummary } from '../../../electron/api/index.js';

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={180} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td>{value ?? '—'}</Table.Td>
    </Table.Tr>
  );
}

/** Identity and supervision facts, as read from the device. */
export function DeviceFacts({ device }: { device: DeviceSummary }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={4} mb="xs">
        Identity
      </Title>
      <Table verticalSpacing={4} className="cw-facts">
        <Table.Tbody>
          <Row label="Model" value={device.model ?? device.productType} />
          <Row label="iOS" value={device.productVersion} />
          <Row label="Serial number" value={<span className="cw-mono">{device.serial ?? '—'}</span>} />
          <Row label="UDID" value={<span className="cw-mono">{device.udid}</span>} />
          <Row label="IMEI" value={device.imei ? <span className="cw-mono">{device.imei}</span> : null} />
          <Row label="Slot" value={device.slot} />
          <Row label="Paired" value={device.paired ? 'Yes' : 'No'} />
          <Row
            label="Supervision"
            value={device.supervised ? <Badge color="green">Supervised{device.organizationName ? ` by ${device.organizationName}` : ''}</Badge> : <Badge color="gray">Not supervised</Badge>}
          />
          <Row label="Enrollment" value={device.enrollmentType === 'user' ? 'User Enrollment (personally owned)' : 'Device'} />
          <Row label="Holder" value={device.holder} />
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
