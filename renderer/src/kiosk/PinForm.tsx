import { Button, Group, PasswordInput, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export const isPin = (pin: string): boolean => /^\d{4,12}$/.test(pin);

/**
 * The kiosk's PIN form: a title, any fields before the PIN, the PIN (digits only), Back and
 * Sign in. Enter submits once the form is valid. Username + PIN and badge + PIN share it.
 */
export function PinForm(props: {
  title: string;
  pin: string;
  setPin(pin: string): void;
  valid: boolean;
  onSubmit(): void;
  onCancel(): void;
  before?: ReactNode;
  pinAutoFocus?: boolean;
  pinTestId?: string;
}) {
  return (
    <form
      className="cw-kiosk-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (props.valid) props.onSubmit();
      }}
    >
      <Stack align="center" gap="lg">
        <Title order={1} className="cw-kiosk-title">
          {props.title}
        </Title>
        {props.before}
        <PasswordInput
          size="xl"
          w={420}
          label="PIN"
          inputMode="numeric"
          value={props.pin}
          onChange={(e) => props.setPin(e.currentTarget.value.replace(/\D/g, ''))}
          maxLength={12}
          autoFocus={props.pinAutoFocus ?? false}
          {...(props.pinTestId ? { 'data-testid': props.pinTestId } : {})}
        />
        <Group>
          <Button size="xl" variant="default" onClick={props.onCancel}>
            Back
          </Button>
          <Button size="xl" type="submit" disabled={!props.valid}>
            Sign in
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
