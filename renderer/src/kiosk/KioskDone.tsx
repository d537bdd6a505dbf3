import { Stack, Text, Title } from '@mantine/core';

/** The confirmation once the cart saw the device leave (or come back). */
export function KioskDone({ title, detail, testId }: { title: string; detail: string; testId: string }) {
  return (
    <Stack align="center" gap="lg" className="cw-kiosk-panel" data-testid={testId}>
      <div className="cw-done-mark" aria-hidden>
        ✓
      </div>
      <Title order={1} className="cw-kiosk-title">
        {title}
      </Title>
      <Text size="xl" c="dimmed">
        {detail}
      </Text>
    </Stack>
  );
}
