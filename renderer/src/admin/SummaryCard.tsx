import { Group, Paper, Text, Title, type TitleOrder } from '@mantine/core';
import type { ReactNode } from 'react';
import { Facts } from './Facts';

interface Props {
  /** The card's accessible name: what it is a summary of. */
  label: string;
  /** The small line above the title: what the title names. */
  kicker: string;
  title: string;
  titleTestId: string;
  titleOrder?: TitleOrder;
  /** Beside the title: a state to see at a glance (valid, expiring). */
  badge?: ReactNode;
  facts: [label: string, value: ReactNode][];
  children?: ReactNode;
}

/** One thing the station holds (the identity, the enrollment profile) as a person checks it: what it is, then its facts. */
export function SummaryCard({ label, kicker, title, titleTestId, titleOrder = 3, badge, facts, children }: Props) {
  return (
    <Paper withBorder p="lg" radius="md" aria-label={label}>
      <Group justify="space-between" align="flex-start" mb="sm" wrap="nowrap">
        <div>
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            {kicker}
          </Text>
          <Title order={titleOrder} data-testid={titleTestId}>
            {title}
          </Title>
        </div>
        {badge}
      </Group>
      <Facts rows={facts} />
      {children}
    </Paper>
  );
}
