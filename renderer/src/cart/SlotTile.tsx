import { Anchor, Checkbox, Group, Text } from '@mantine/core';
import { memo } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { deviceTitle } from '../common/device-text';
import { navigate, routeHref } from '../nav/route';
import { useStation } from '../store/station-store';
import { useUi } from '../store/ui-store';
import { BatteryGauge } from './BatteryGauge';
import { StateLine } from './StateLine';
import { matchesFilter } from './cart-model';

interface Props {
  slot: number | null;
  label: string | null;
  udid: string;
}

/** One device on the cart. Subscribes to its own device and selection only, so 100 tiles stay cheap. */
export const SlotTile = memo(function SlotTile({ slot, label, udid }: Props) {
  const device = useStation((s) => s.devices[udid]);
  const selected = useUi((s) => s.selected[udid] === true);
  const visible = useUi((s) => (device ? matchesFilter(device, s.filter, s.search) : true));
  const toggle = useUi((s) => s.toggle);
  if (!device) return null;
  const open = () => navigate({ screen: 'device', udid });
  return (
    <div
      className="cw-tile"
      data-slot={slot ?? ''}
      data-udid={udid}
      data-state={device.state}
      data-selected={selected || undefined}
      data-dim={!visible || undefined}
      tabIndex={0}
      role="gridcell"
      aria-selected={selected}
      aria-label={`Slot ${slot ?? '?'}: ${deviceTitle(device)}, ${device.state}`}
      onClick={() => toggle(udid)}
      onKeyDown={(e) => {
        if (e.key === ' ') {
          e.preventDefault();
          toggle(udid);
        } else if (e.key === 'Enter') open();
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap={6}>
        <Group gap={8} wrap="nowrap">
          <Checkbox size="xs" checked={selected} readOnly tabIndex={-1} aria-hidden />
          <Text className="cw-slot-number">{slot ?? '–'}</Text>
          {label ? <Text size="xs" c="dimmed">{label}</Text> : null}
        </Group>
        <BatteryGauge level={device.battery} charging={device.charging} />
      </Group>
      <div className="cw-tile-body">
        <Anchor
          href={routeHref({ screen: 'device', udid })}
          fw={700}
          size="md"
          lineClamp={1}
          c="inherit"
          tabIndex={-1}
          title={`Open ${deviceTitle(device)}`}
          onClick={(e) => e.stopPropagation()}
        >
          {deviceTitle(device)}
        </Anchor>
        <Text size="xs" c="dimmed" lineClamp={1} title={device.productVersion ? `iOS ${device.productVersion}` : undefined}>
          {device.model ?? device.productType ?? 'Unknown model'}
        </Text>
      </div>
      <StateLine device={device} />
      {device.error && (device.state === 'error' || device.state === 'needs-activation') ? <ErrorSentence error={device.error} compact /> : null}
      {device.holder ? (
        <Text size="xs" fw={600} c="violet.7" lineClamp={1}>
          Held by {device.holder}
        </Text>
      ) : null}
    </div>
  );
});
