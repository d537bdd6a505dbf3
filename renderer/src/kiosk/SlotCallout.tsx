import { Stack, Text, Title } from '@mantine/core';
import type { KioskDeviceRef } from '../../../electron/api/index.js';

interface Props {
  device: KioskDeviceRef;
  heading: string;
  hint: string;
  testId: 'checkout-slot' | 'checkin-slot';
  tone: 'take' | 'return';
  /** The station saw a different device taken: what to do about it. */
  warning?: string | null;
}

/** The slot number as big as the screen allows: read from across the room, no searching the cart. */
export function SlotCallout({ device, heading, hint, testId, tone, warning = null }: Props) {
  return (
    <Stack align="center" gap="md" className="cw-kiosk-panel">
      <Title order={1} className="cw-kiosk-title">
        {heading}
      </Title>
      <div className={`cw-callout cw-callout-${tone}`} data-testid={testId} data-slot={device.slot ?? ''} data-udid={device.udid} aria-live="assertive">
        <span className="cw-callout-label">Slot</span>
        <span className="cw-callout-number">{device.slot ?? '?'}</span>
      </div>
      <Text size="xl" fw={600}>
        {device.name ?? 'Your device'}
        {device.model ? ` · ${device.model}` : ''}
      </Text>
      {warning ? (
        <Text size="xl" fw={700} c="red" data-testid="pick-warning" role="alert">
          {warning}
        </Text>
      ) : (
        <Text size="lg" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}
