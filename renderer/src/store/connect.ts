import type { StationEvent } from '../../../electron/api/index.js';
import type { Transport } from '../transport/transport';
import { asApiError } from '../transport/transport';
import { useStation } from './station-store';

/**
 * Feeds the store: subscribe first and hold events, then load the snapshot, then replay what was
 * held, so nothing that happened during the load is lost or applied out of order. A reconnect
 * loads a fresh snapshot the same way.
 */
export function connectStation(transport: Transport): () => void {
  const store = useStation.getState();
  let held: StationEvent[] | null = [];
  let generation = 0;

  const load = async (): Promise<void> => {
    const mine = ++generation;
    held = [];
    try {
      const host = store.host ?? (await transport.hostInfo());
      useStation.getState().setHost(host);
      const [devices, cart] = await Promise.all([transport.call('devices.list', {}), transport.call('cart.get', {}).catch(() => null)]);
      if (mine !== generation) return;
      useStation.getState().loadSnapshot(devices, cart);
      if (!host.kiosk) {
        const info = await transport.call('station.info', {}).catch(() => null);
        if (info) useStation.getState().setInfo({ version: info.version, organization: info.identity?.organization ?? null, autoStage: info.autoStage });
      }
    } catch (err) {
      const e = asApiError(err);
      useStation.getState().notify('error', e.message, e);
    } finally {
      if (mine === generation) {
        const replay = held ?? [];
        held = null;
        for (const e of replay) useStation.getState().apply(e);
      }
    }
  };

  const unsubscribe = transport.subscribe(
    (event) => {
      if (held) held.push(event);
      else useStation.getState().apply(event);
    },
    (status) => {
      useStation.getState().setConnection(status);
      if (status === 'open') void load();
    },
  );
  return unsubscribe;
}
