import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { Station } from '../../../electron/station/station.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { StationHarness } from './harness.js';

// Auto-stage: a station left running stages every device as it is plugged in, with nobody at the screen.
describe('auto-stage (in-process station, real addon, virtual cart daemon)', () => {
  const h = new StationHarness({ devices: 3, seed: `auto-${Date.now()}` });
  let station: Station;

  beforeAll(async () => {
    await h.start(1, 4);
    Object.assign(process.env, h.env);
    station = await Station.open({ dataDir: join(h.dir, 'data'), identity: { kind: 'pkcs12', file: h.p12, password: 'pw' }, source: 'api', batteryPollMs: 300 });
    await station.ready();
    await station.handlers['blueprints.save']({ body: prepareBlueprint({ name: 'Cart prep', nameTemplate: 'Auto-{slot:2}' }) });
  }, 120_000);
  afterAll(async () => {
    await station?.close();
    await h.dispose();
  });

  /** The device's tile, as the screens see it. */
  const tile = async (udid: string) => (await station.handlers['devices.list']({})).find((d) => d.udid === udid);

  /** Unplug, wait until the station has seen the device leave, plug it back in. */
  async function replug(udid: string): Promise<void> {
    await h.cart.act(udid, 'unplug');
    await eventually(async () => (await tile(udid))?.connected === false, 30_000);
    await h.cart.act(udid, 'plug');
  }

  it('does nothing to plugged devices until staging is switched on', async () => {
    const [d] = await h.cart.devices();
    await replug(d!.udid);
    await eventually(async () => {
      const t = await tile(d!.udid);
      return t?.connected && t.state !== 'connecting';
    });
    expect((await h.cart.device(d!.udid)).counters.Pair ?? 0).toBe(0);
  });

  it('stages a device as soon as it is plugged in, and only once', async () => {
    await expect(station.handlers['staging.autoStage']({ enabled: true, blueprint: 'No such blueprint' })).rejects.toThrow(/No blueprint named/);
    expect(await station.handlers['staging.autoStage']({ enabled: true, blueprint: 'Cart prep' })).toEqual({ enabled: true, blueprint: 'Cart prep' });
    station.activateStaging({ resumeAttached: true });
    const [a, b] = await h.cart.devices();
    for (const d of [a!, b!]) await replug(d.udid);
    for (const d of [a!, b!]) {
      const staged = await eventually(async () => {
        const v = await h.cart.device(d.udid);
        return v.supervised && /^Auto-0\d$/.test(v.name) ? v : null;
      }, 90_000);
      expect(staged.counters.SetCloudConfiguration).toBe(1);
      await eventually(async () => (await tile(d.udid))?.state === 'ready', 30_000);
    }
    // A ready device plugged in again is left alone.
    await replug(a!.udid);
    await eventually(async () => {
      const t = await tile(a!.udid);
      return t?.connected && t.state === 'ready';
    }, 30_000);
    expect((await station.handlers['devices.get']({ udid: a!.udid })).jobs).toHaveLength(1);
    expect((await h.cart.device(a!.udid)).counters.SetCloudConfiguration).toBe(1);
  });

  it('follows the batteries of idle paired devices on the cart', async () => {
    const [a] = await h.cart.devices();
    await h.cart.setBattery(a!.udid, { level: 23, charging: false });
    const seen = await eventually(async () => {
      const d = await tile(a!.udid);
      return d && d.charging === false && d.battery !== null && d.battery <= 23 && d.battery >= 21 ? d : null;
    }, 30_000);
    expect(seen.battery).toBeLessThanOrEqual(23);
  });
});
