import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { testCart, tool } from './test-helpers.js';

describe('diagnostics_relay through idevicediagnostics', () => {
  let cart: VirtualCart;

  beforeAll(async () => {
    cart = await testCart({ devices: 2 });
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('ioregentry AppleSmartBattery returns the battery', async () => {
    const d = cart.devices()[0]!;
    cart.setBattery(d.udid, { level: 64, charging: true });
    const result = await tool(cart, 'idevicediagnostics', ['-u', d.udid, 'ioregentry', 'AppleSmartBattery']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/<key>CurrentCapacity<\/key>\s*<integer>64<\/integer>/);
    expect(result.stdout).toMatch(/<key>IsCharging<\/key>\s*<true\/>/);
    expect(cart.device(d.udid).counters.IORegistry).toBe(1);
  });

  it('restart detaches the device and re-attaches it with a new DeviceID', async () => {
    const d = cart.devices()[1]!;
    const result = await tool(cart, 'idevicediagnostics', ['-u', d.udid, 'restart']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Restarting device.');
    const back = await cart.waitFor(d.udid, (v) => v.connected && v.deviceId !== d.deviceId);
    expect(back.locationId).toBe(d.locationId);
    expect(back.pairedHostIds).toHaveLength(1);
    const list = await tool(cart, 'idevice_id', ['-l']);
    expect(list.stdout).toContain(d.udid);
  });
});
