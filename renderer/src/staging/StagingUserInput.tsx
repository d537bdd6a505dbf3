import { TextInput, type TextInputProps } from '@mantine/core';

/** The person a batch is staged for (optional), as the staging commands take it: trimmed, absent when blank. */
export function stagingUserField(user: string): { user?: string } {
  return user.trim() ? { user: user.trim() } : {};
}

/** "Staging for user": fills {user} in name templates and the MDM registrations. */
export function StagingUserInput({ value, onChange, ...rest }: { value: string; onChange(user: string): void } & Omit<TextInputProps, 'value' | 'onChange' | 'label' | 'description'>) {
  return <TextInput label="Staging for user (optional)" description="Fills {user} in name templates and registrations" value={value} onChange={(e) => onChange(e.currentTarget.value)} {...rest} />;
}
