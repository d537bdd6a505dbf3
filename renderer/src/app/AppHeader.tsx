import { Anchor, Group, Kbd, Tabs, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { navigate, routeHref, type Route } from '../nav/route';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { ConnectionBadge } from './ConnectionBadge';

const SCREENS = [
  { value: 'cart', label: 'Cart', route: { screen: 'cart' } },
  { value: 'staging', label: 'Staging', route: { screen: 'staging' } },
  { value: 'flows', label: 'Flows', route: { screen: 'flows' } },
  { value: 'kiosk', label: 'Kiosk', route: { screen: 'kiosk' } },
  { value: 'admin', label: 'Admin', route: { screen: 'admin', tab: 'mdm' } },
] as const satisfies readonly { value: string; label: string; route: Route }[];

/** The top bar: the screens (Alt+1, Alt+2, … in order), the link to the station, light/dark. */
export function AppHeader({ route }: { route: Route }) {
  const active = route.screen === 'device' ? 'cart' : route.screen;
  useHotkeys(SCREENS.map((s, i) => [`alt+${i + 1}`, () => navigate(s.route)] as [string, () => void]));
  return (
    <Group h="100%" px="lg" justify="space-between" wrap="nowrap">
      <Group gap="xl" wrap="nowrap">
        <Group gap={10} wrap="nowrap">
          <img src="./favicon.svg" alt="" width={28} height={28} />
          <Text fw={800} size="xl" className="cw-brand">
            Cartwright
          </Text>
        </Group>
        <Tabs value={active} onChange={(v) => SCREENS.find((s) => s.value === v) && navigate(SCREENS.find((s) => s.value === v)!.route)} variant="pills" radius="md">
          <Tabs.List>
            {SCREENS.map((s, i) => (
              <Tooltip key={s.value} label={<Kbd size="xs">Alt+{i + 1}</Kbd>} openDelay={600}>
                <Tabs.Tab value={s.value} fz="md" fw={600}>
                  {s.label}
                </Tabs.Tab>
              </Tooltip>
            ))}
          </Tabs.List>
        </Tabs>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Anchor href={routeHref({ screen: 'setup' })} size="sm" fw={500} aria-current={route.screen === 'setup' ? 'page' : undefined}>
          Set up this station
        </Anchor>
        <ConnectionBadge />
        <ColorSchemeToggle />
      </Group>
    </Group>
  );
}
