import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CartView, StationEvent } from '../../electron/api/index.js';
import { Station } from '../../electron/station/station.js';
import { stationInternals } from '../../electron/station/station-internals.js';
import { CartDaemon, eventually } from '../helpers/cart-daemon.js';

/**
 * The `cart` and `device-removed` events on a real station over the virtual cart: the calibration
 * wizard moves on by the first (renderer/src/admin/CalibrationWizard.tsx), and every screen drops
 * a forgotten device's tile by the second (renderer/src/store/reduce-events.ts).
 */
describe('the station’s cart and device-removed events on a 2-device virtual cart', () => {
  const cart = new CartDaemon({ transport: 'tcp', devices: 2, seed: `station-events-${Date.now()}` });
  let dir: string;
  let station: Station;
  let udids: string[] = [];
  const events: StationEvent[] = [];
  const cartEvents = (): CartView[] => events.flatMap((e) => (e.type === 'cart' ? [e.cart] : []));
  const connected = async () => (await station.handlers['devices.list']({})).filter((d) => d.connected).map((d) => d.udid);

  beforeAll(async () => {
    await cart.start();
    process.env.USBMUXD_SOCKET_ADDRESS = cart.usbmuxd;
    process.env.CARTWRIGHT_ACTIVATION_URL = cart.activation;
    dir = mkdtempSync(join(tmpdir(), 'cw-station-events-'));
    station = await Station.open({ dataDir: join(dir, 'data'), source: 'api', trustTimeoutMs: 30_000 });
    await station.ready();
    udids = (await cart.devices()).map((d) => d.udid);
    await eventually(async () => (await connected()).length === 2, 30_000);
    station.subscribe((e) => events.push(e));
  }, 120_000);
  afterAll(async () => {
    await station?.close();
    await cart.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('walks a calibration by cart events: each device plugged in moves the wizard to the next slot', async () => {
    const [a, b] = udids as [string, string];
    for (const u of udids) await cart.act(u, 'unplug');
    await eventually(async () => (await connected()).length === 0, 30_000);
    events.length = 0;

    const started = await station.handlers['cart.calibrate']({ action: 'start', name: 'Cart A', rows: 1, columns: 2 });
    expect(started.calibration).toEqual({ active: true, nextSlot: 1 });
    // Every screen hears it, not only the one that asked.
    expect(cartEvents().at(-1)).toEqual(started);

    await cart.act(a, 'plug');
    const first = await eventually(() => cartEvents().find((c) => c.calibration.nextSlot === 2), 30_000, 20);
    expect(first.slots.find((s) => s.slot === 1)).toMatchObject({ udid: a, portId: expect.any(String) });

    await cart.act(b, 'plug');
    const done = await eventually(() => cartEvents().find((c) => !c.calibration.active), 30_000, 20);
    expect(done.slots.map((s) => s.udid)).toEqual([a, b]);
    expect(await station.handlers['cart.get']({})).toEqual(done);
  }, 120_000);

  it('says who sits in each calibrated slot when a device is pulled out or plugged back in', async () => {
    const [a, b] = udids as [string, string];
    const occupants = (c: CartView) => c.slots.map((s) => s.udid);
    events.length = 0;

    await cart.act(b, 'unplug');
    const emptied = await eventually(() => cartEvents().find((c) => occupants(c)[1] === null), 30_000, 20);
    expect(occupants(emptied)).toEqual([a, null]);
    // The slot keeps its port: only its occupant changed, and the cart is still calibrated.
    expect(emptied.slots[1]).toMatchObject({ slot: 2, portId: expect.any(String) });
    expect(emptied.calibration.active).toBe(false);
    expect(await station.handlers['cart.get']({})).toEqual(emptied);

    events.length = 0;
    await cart.act(b, 'plug');
    const refilled = await eventually(() => cartEvents().find((c) => occupants(c)[1] === b), 30_000, 20);
    expect(occupants(refilled)).toEqual([a, b]);
    // The same device event stream says so too: the screens derive the tiles from it.
    const tile = events.flatMap((e) => (e.type === 'devices' ? e.devices : [])).findLast((d) => d.udid === b);
    expect(tile).toMatchObject({ slot: 2, connected: true });
    // One coalesced cart event per arrival, not one per change of the device's facts while it is read.
    await eventually(async () => (await station.handlers['devices.list']({})).find((d) => d.udid === b)?.state !== 'connecting', 30_000);
    expect(cartEvents().filter((c) => occupants(c)[1] === b).length).toBe(1);
  }, 120_000);

  it('says device-removed when an unenrolled device off the cart is forgotten, and keeps one still plugged in', async () => {
    const [a, b] = udids as [string, string];
    const { store } = stationInternals(station);
    // The MDM knows User Enrollment devices by Enrollment ID only (single-user-suite.ts does the same).
    store.devices.upsert({ udid: b, enrollmentType: 'user', enrollmentId: 'UE-00000000000000000002' });
    store.devices.upsert({ udid: a, enrollmentType: 'user', enrollmentId: 'UE-00000000000000000001' });
    await cart.act(b, 'unplug');
    await eventually(async () => !(await connected()).includes(b), 30_000);
    events.length = 0;

    expect(await station.handlers['flows.unenroll']({ enrollmentId: 'UE-00000000000000000002' })).toEqual({ deleted: true });
    expect(events).toContainEqual({ type: 'device-removed', udid: b });
    expect((await station.handlers['devices.list']({})).map((d) => d.udid)).toEqual([a]);

    // Still on the cart: its stored record goes, its tile stays (it is plugged in, whatever it is).
    expect(await station.handlers['flows.unenroll']({ enrollmentId: 'UE-00000000000000000001' })).toEqual({ deleted: true });
    expect(events.filter((e) => e.type === 'device-removed')).toHaveLength(1);
    expect((await station.handlers['devices.list']({})).map((d) => d.udid)).toEqual([a]);
  }, 120_000);
});
