import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceLayerPort } from '../../../electron/station/device-port.js';
import type { DevicePort } from '../../../electron/staging/device-port.js';
import { startHarness, type Harness } from './setup.js';

async function post(control: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status}`);
}

/** The real addon against the virtual cart: EraseDevice as real devices end it, and the station port's reboot wait. */
describe('EraseDevice and the reboot that follows (real addon, virtual cart)', () => {
  let h: Harness;
  let port: DevicePort;
  beforeAll(async () => {
    h = await startHarness({ transport: 'tcp', devices: 2 });
    port = deviceLayerPort(h.layer);
    for (const udid of h.udids) await h.layer.ensurePaired(udid);
  }, 120_000);
  afterAll(async () => h?.close());

  it('reads a device past Setup Assistant as set up, not as configured', async () => {
    const udid = h.udids[1]!;
    expect(await port.facts(udid)).toMatchObject({ setupState: 'in-setup-assistant', cloudConfigured: false, enrollmentType: 'unknown', locked: false, passcodePresent: null });
    await post(h.cart.control, `/devices/${udid}/finish-setup`);
    expect(await port.facts(udid)).toMatchObject({ setupState: 'set-up', cloudConfigured: false, supervised: false });
    await expect(port.setCloudConfiguration(udid, { IsSupervised: true, OrganizationName: 'Acme' })).rejects.toMatchObject({ code: 'CLOUD_CONFIG_PRESENT' });
  });

  for (const mode of ['drop', 'ack'] as const) {
    it(`counts an erase as done when the device ${mode === 'drop' ? 'drops the connection without a reply' : 'acknowledges first'}, and waits for it to leave and come back`, async () => {
      const udid = h.udids[mode === 'drop' ? 0 : 1]!;
      await post(h.cart.control, `/devices/${udid}/erase-reply`, { mode });
      await port.erase(udid);
      // Right after the request the device may still be attached: that is not "back".
      expect(port.rebootPending(udid)).toBe(true);
      await port.waitForAttach(udid, { timeoutMs: 60_000 });
      expect(port.rebootPending(udid)).toBe(false);
      const back = await h.cart.device(udid);
      expect(back).toMatchObject({ connected: true, activationState: 'Unactivated', pairedHostIds: [], cloudConfiguration: null, eraseReply: mode });
      expect(back.counters.EraseDevice).toBe(1);
      await expect(port.facts(udid)).rejects.toMatchObject({ code: 'NOT_PAIRED' });
      await h.layer.ensurePaired(udid);
      expect(await port.facts(udid)).toMatchObject({ setupState: 'in-setup-assistant', activationState: 'Unactivated' });
    }, 120_000);
  }
});
