import { Group, Text } from '@mantine/core';

interface Props {
  level: number | null;
  charging: boolean | null;
}

/** A battery drawn in CSS: level fill, red when low, a bolt while charging. */
export function BatteryGauge({ level, charging }: Props) {
  if (level === null) return <Text size="xs" c="dimmed">battery —</Text>;
  const tone = level <= 15 ? 'low' : level <= 40 ? 'mid' : 'ok';
  return (
    <Group gap={4} wrap="nowrap" aria-label={`Battery ${level}%${charging ? ', charging' : ''}`} className="cw-battery-wrap">
      <span className={`cw-battery cw-battery-${tone}`}>
        <span className="cw-battery-fill" style={{ width: `${level}%` }} />
      </span>
      <Text size="xs" fw={600} className="cw-mono">
        {level}%
      </Text>
      {charging ? (
        <span className="cw-bolt" aria-hidden>
          ⚡
        </span>
      ) : null}
    </Group>
  );
}
