import { List, Paper, Text, Title } from '@mantine/core';
import type { DeviceDetail } from './use-device-detail';

export function ProfilesList({ profiles }: { profiles: DeviceDetail['profiles'] }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={4} mb="xs">
        Profiles ({profiles.length})
      </Title>
      {profiles.length === 0 ? (
        <Text size="sm" c="dimmed">
          No configuration profiles installed.
        </Text>
      ) : (
        <List spacing={4} size="sm">
          {profiles.map((p) => (
            <List.Item key={p.identifier}>
              <Text span fw={600}>
                {p.displayName ?? p.identifier}
              </Text>{' '}
              <Text span size="xs" c="dimmed" className="cw-mono">
                {p.identifier}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
