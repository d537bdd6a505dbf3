import type { StationEvent } from '../../../electron/api/index.js';
import type { Transport } from '../transport/transport';
import { asApiError } from '../transport/transport';
import { frameBatcher } from './frame-batcher';
import { useStation } from './station-store';

/**
 * Feeds the store: subscribe first and hold events, then load the snapshot, then replay what was
 * held, so nothing that happened during the load is lost or applied out of order. A reconnect
 * loads a fresh snapshot the same way. Live events are applied once per animation frame, all of
 * that frame's events in one store update.
 */
export function connectStation(transport: Transport): () => void {
  const store = useStation.getState();
  let held: StationEvent[] | null = [];
  let generation = 0;
  const live = frameBatcher<StationEvent>((events) => useStation.getState().applyAll(events));

  const load = async (): Promise<void> => {
    const mine = ++generation;
    // What arrived before this load is older than the snapshot: apply it now, not on top of it.
    live.drain();
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
        useStation.getState().applyAll(replay);
      }
    }
  };

  const unsubscribe = transport.subscribe(
    (event) => {
      if (held) held.push(event);
      else live.push(event);
    },
    (status) => {
      useStation.getState().setConnection(status);
      if (status === 'open') void load();
    },
  );
  return unsubscribe;
}
