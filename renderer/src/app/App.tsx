import { AppShell, Center, Loader } from '@mantine/core';
import { AdminScreen } from '../admin/AdminScreen';
import { CartScreen } from '../cart/CartScreen';
import { DeviceScreen } from '../device/DeviceScreen';
import { FlowsScreen } from '../flows/FlowsScreen';
import { KioskScreen } from '../kiosk/KioskScreen';
import { useRoute, type Route } from '../nav/route';
import { SetupScreen } from '../setup/SetupScreen';
import { useFirstRun } from '../setup/use-first-run';
import { StagingScreen } from '../staging/StagingScreen';
import { useStation } from '../store/station-store';
import { AppHeader } from './AppHeader';
import { Notices } from './Notices';

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'cart':
      return <CartScreen />;
    case 'device':
      return <DeviceScreen udid={route.udid} />;
    case 'staging':
      return <StagingScreen />;
    case 'flows':
      return <FlowsScreen />;
    case 'kiosk':
      return <KioskScreen />;
    case 'admin':
      return <AdminScreen tab={route.tab} />;
    case 'setup':
      return <SetupScreen />;
  }
}

/** A kiosk host shows the kiosk only; everything else gets the full station with its header. */
export function App() {
  const route = useRoute();
  const host = useStation((s) => s.host);
  useFirstRun(route, host !== null && !host.kiosk);
  if (!host) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (host.kiosk) {
    return (
      <div className="cw-kiosk-root">
        <KioskScreen />
        <Notices />
      </div>
    );
  }
  return (
    <AppShell header={{ height: 64 }} padding="lg">
      <AppShell.Header>
        <AppHeader route={route} />
      </AppShell.Header>
      <AppShell.Main className={route.screen === 'kiosk' ? 'cw-main-kiosk' : undefined}>
        <Screen route={route} />
      </AppShell.Main>
      <Notices />
    </AppShell>
  );
}
