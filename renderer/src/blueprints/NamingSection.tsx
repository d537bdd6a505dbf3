import { Checkbox, Table, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useStation } from '../store/station-store';
import { FormSection, type SectionProps } from './form-section';
import { previewNames } from './name-preview';

const SHOWN = 8;

/** Renaming by a template, previewed live on the devices plugged in to the cart. */
export function NamingSection({ form, change, problems }: SectionProps & { problems: Record<string, string> }) {
  const devices = useStation((s) => s.devices);
  const rows = useMemo(() => (form.rename && form.nameTemplate ? previewNames(form.nameTemplate, Object.values(devices)) : []), [form.rename, form.nameTemplate, devices]);
  return (
    <FormSection title="Device names">
      <Checkbox label="Rename the devices" checked={form.rename} onChange={(e) => change({ rename: e.currentTarget.checked })} />
      {form.rename ? (
        <>
          <TextInput
            label="Name template"
            description="{slot} the cart slot ({slot:2} → 07), {serial}, {model}, {name} the current name, {n} the place in the batch, {user} the person staged for."
            placeholder="Cart A-{slot:2}"
            value={form.nameTemplate}
            onChange={(e) => change({ nameTemplate: e.currentTarget.value })}
            error={problems.nameTemplate}
            spellCheck={false}
          />
          {rows.length ? (
            <Table striped withTableBorder aria-label="Name preview" data-testid="name-preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Slot</Table.Th>
                  <Table.Th>Serial</Table.Th>
                  <Table.Th>Now</Table.Th>
                  <Table.Th>Will be named</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.slice(0, SHOWN).map((r) => (
                  <Table.Tr key={r.udid} data-udid={r.udid}>
                    <Table.Td>{r.slot ?? '—'}</Table.Td>
                    <Table.Td className="cw-mono">{r.serial ?? '—'}</Table.Td>
                    <Table.Td>{r.current ?? '—'}</Table.Td>
                    <Table.Td>{r.next.ok ? <Text fw={600}>{r.next.name}</Text> : <Text c="red.8">{r.next.error}</Text>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : form.nameTemplate ? (
            <Text size="sm" c="dimmed">
              Plug devices in to the cart to preview their names.
            </Text>
          ) : null}
          {rows.length > SHOWN ? (
            <Text size="sm" c="dimmed">
              and {rows.length - SHOWN} more device{rows.length - SHOWN === 1 ? '' : 's'}.
            </Text>
          ) : null}
        </>
      ) : null}
    </FormSection>
  );
}
