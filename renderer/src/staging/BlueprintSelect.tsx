import { Select, type SelectProps } from '@mantine/core';
import type { BlueprintRow } from './use-blueprints';

type Props = { blueprints: BlueprintRow[]; value: string | null; onChange(name: string): void; emptyPlaceholder?: string } & Omit<SelectProps, 'data' | 'value' | 'onChange' | 'label' | 'placeholder'>;

/** The stored blueprints by name and version, as every form that starts staging offers them. */
export function BlueprintSelect({ blueprints, value, onChange, emptyPlaceholder = 'No blueprints yet', ...rest }: Props) {
  return (
    <Select
      label="Blueprint"
      data={blueprints.map((b) => ({ value: b.name, label: `${b.name} (v${b.version})` }))}
      value={value}
      onChange={(v) => v && onChange(v)}
      placeholder={blueprints.length ? undefined : emptyPlaceholder}
      allowDeselect={false}
      {...rest}
    />
  );
}
