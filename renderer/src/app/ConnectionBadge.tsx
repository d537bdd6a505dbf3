import { Badge } from '@mantine/core';
import { useStation } from '../store/station-store';

const LOOK = {
  open: { color: 'green', label: 'Connected' },
  connecting: { color: 'yellow', label: 'Connecting…' },
  closed: { color: 'red', label: 'Station unreachable' },
} as const;

export function ConnectionBadge() {
  const status = useStation((s) => s.connection);
  const look = LOOK[status];
  return (
    <Badge color={look.color} variant="dot" size="lg" data-testid="connection" data-status={status}>
      {look.label}
    </Badge>
  );
}
