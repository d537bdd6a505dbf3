import type { StationEvent } from '../../../electron/api/index.js';
import type { Transport } from '../transport/transport';
import { asApiError } from '../transport/transport';
import { devicePacer } from './device-pacer';
import { frameBatcher } from './frame-batcher';
import { useStation } from './station-store';

/**
 * How many changed tiles one frame draws. In headless Chromium on the 2-core bench machine a
 * changed tile costs 0.2–0.6 ms of main-thread CPU (React, style, layout, paint; the higher end
 * when other work shares the cores), so redrawing a whole 100-tile cart at once costs two to four
 * frames. 25 fit a 60 Hz frame beside what every frame costs anyway (the grid's layout, the
 * compositor), and the whole cart is still redrawn within 4 frames (67 ms), inside the station's
 * 10 Hz updates. Smaller chunks would pay that per-frame cost more often for no smoother frames.
 */
const TILES_PER_FRAME = 25;

/**
 * A device changed this long ago is drawn whatever the budget. At 60 Hz the budget redraws a full
 * cart well within it; when frames come slowly (a starved machine) spreading the work would only
 * add each frame's fixed cost and make the cart stale, so the screen falls back to drawing what
 * waited in one go, as often as frames come.
 */
const MAX_TILE_WAIT_MS = 100;

/**
 * Feeds the store: subscribe first and hold events, then load the snapshot, then replay what was
 * held, so nothing that happened during the load is lost or applied out of order. A reconnect
 * loads a fresh snapshot the same way. Live events are applied once per animation frame, all of
 * that frame's events in one store update, with at most TILES_PER_FRAME changed devices in it
 * (the others wait, latest state only, for the next frames: device-pacer.ts).
 */
export function connectStation(transport: Transport): () => void {
  const store = useStation.getState();
  let held: StationEvent[] | null = [];
  let generation = 0;
  const pacer = devicePacer({ maxWaitMs: MAX_TILE_WAIT_MS, now: () => performance.now() });
  const live = frameBatcher<StationEvent>((events, framed) => {
    pacer.add(events);
    const { devices, applyAll } = useStation.getState();
    applyAll(framed ? pacer.take(devices, TILES_PER_FRAME) : pacer.takeAll());
    return pacer.waiting > 0;
  });

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
