import { SegmentedControl, Text, type SegmentedControlProps } from '@mantine/core';
import { useId } from 'react';

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

type Props<T extends string> = {
  /** The question the choice answers; it names the radio group for screen readers and tests. */
  label: string;
  /** Where the surrounding text already asks the question: the label is only the group's name. */
  hideLabel?: boolean;
  /** T is inferred from `value` alone: option literals would widen it to string otherwise. */
  value: T;
  onChange(value: NoInfer<T>): void;
  options: readonly ChoiceOption<NoInfer<T>>[];
} & Omit<SegmentedControlProps, 'value' | 'onChange' | 'data' | 'aria-label' | 'aria-labelledby'>;

/** One of a few options side by side (Mantine's SegmentedControl), named and typed by its options. */
export function Choice<T extends string>({ label, hideLabel = false, value, onChange, options, ...rest }: Props<T>) {
  const labelId = useId();
  // Options are T by construction; SegmentedControl reports a plain string.
  const control = <SegmentedControl {...rest} value={value} onChange={(v) => onChange(v as T)} data={[...options]} {...(hideLabel ? { 'aria-label': label } : { 'aria-labelledby': labelId })} />;
  if (hideLabel) return control;
  return (
    <div>
      <Text size="sm" fw={500} mb={4} id={labelId}>
        {label}
      </Text>
      {control}
    </div>
  );
}
