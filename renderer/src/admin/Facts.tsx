import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A two-column list of labelled facts (the connection, the identity). */
export function Facts({ rows, labelWidth = 190 }: { rows: [label: string, value: ReactNode][]; labelWidth?: number }) {
  return (
    <Table verticalSpacing={6} className="cw-facts">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={labelWidth} fw={500} c="dimmed">
              {label}
            </Table.Th>
            <Table.Td>{value ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
