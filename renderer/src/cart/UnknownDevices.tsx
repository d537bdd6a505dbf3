import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { SlotTile } from './SlotTile';

/** Devices on ports the layout does not know: shown, never hidden, with a hint to calibrate. */
export function UnknownDevices({ udids }: { udids: string[] }) {
  if (udids.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md" className="cw-unknown">
      <Title order={4}>Not in a known slot ({udids.length})</Title>
      <Text size="sm" c="dimmed" mb="sm">
        These devices are on ports the cart layout does not know. Calibrate the cart in Admin › Calibration to place them.
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }} spacing="sm">
        {udids.map((u) => (
          <SlotTile key={u} slot={null} label={null} udid={u} />
        ))}
      </SimpleGrid>
    </Paper>
  );
}
