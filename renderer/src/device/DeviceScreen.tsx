import { Anchor, Badge, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { BatteryGauge } from '../cart/BatteryGauge';
import { ErrorSentence } from '../common/ErrorSentence';
import { STATE_COLOR, STATE_LABEL, deviceTitle } from '../common/device-text';
import { routeHref } from '../nav/route';
import { useStation } from '../store/station-store';
import { DeviceActions } from './DeviceActions';
import { DeviceFacts } from './DeviceFacts';
import { JobJournal } from './JobJournal';
import { ProfilesList } from './ProfilesList';
import { useDeviceDetail } from './use-device-detail';

export function DeviceScreen({ udid }: { udid: string }) {
  const live = useStation((s) => s.devices[udid]);
  const { detail, error } = useDeviceDetail(udid);
  const device = live ?? detail?.device;
  if (!device) {
    return (
      <Stack>
        <Anchor href={routeHref({ screen: 'cart' })}>← Cart</Anchor>
        {error ? <ErrorSentence error={error} /> : <Text c="dimmed">Loading…</Text>}
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <Anchor href={routeHref({ screen: 'cart' })} size="sm">
        ← Cart
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={2}>{deviceTitle(device)}</Title>
            <Badge size="lg" color={STATE_COLOR[device.state]}>
              {STATE_LABEL[device.state]}
            </Badge>
          </Group>
          <Group gap="md" mt={4}>
            <Text c="dimmed">Slot {device.slot ?? '—'}</Text>
            <BatteryGauge level={device.battery} charging={device.charging} />
            {device.stateDetail ? <Text c="dimmed">{device.stateDetail}</Text> : null}
          </Group>
        </div>
      </Group>
      <DeviceActions device={device} detail={detail} />
      {device.error ? <ErrorSentence error={device.error} /> : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <DeviceFacts device={device} />
            <ProfilesList profiles={detail?.profiles ?? []} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <JobJournal jobs={detail?.jobs ?? []} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
