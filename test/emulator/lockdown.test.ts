import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { testCart, tool } from './test-helpers.js';

describe('lockdownd through ideviceinfo / idevicename', () => {
  let cart: VirtualCart;

  beforeAll(async () => {
    cart = await testCart({ devices: 3, legacyDevice: true });
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('ideviceinfo -s reads public values without pairing', async () => {
    const d = cart.devices()[0]!;
    const all = await tool(cart, 'ideviceinfo', ['-s', '-u', d.udid]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`UniqueDeviceID: ${d.udid}`);
    expect(all.stdout).toContain(`ProductType: ${d.productType}`);
    expect(all.stdout).toContain('DevicePublicKey: ');
    expect(all.stdout).not.toContain('SerialNumber');
    const version = await tool(cart, 'ideviceinfo', ['-s', '-u', d.udid, '-k', 'ProductVersion']);
    expect(version.stdout.trim()).toBe(d.productVersion);
    // Session-only keys are silently absent without a session.
    const serial = await tool(cart, 'ideviceinfo', ['-s', '-u', d.udid, '-k', 'SerialNumber']);
    expect(serial).toMatchObject({ code: 0, stdout: '' });
    expect(cart.device(d.udid).pairedHostIds).toEqual([]);
    expect(cart.pairRecord(d.udid)).toBeUndefined();
  });

  it('ideviceinfo auto-pairs and reads session-only keys and the battery domain', async () => {
    const d = cart.devices()[1]!;
    const serial = await tool(cart, 'ideviceinfo', ['-u', d.udid, '-k', 'SerialNumber']);
    expect(serial).toMatchObject({ code: 0 });
    expect(serial.stdout.trim()).toBe(d.serial);
    const after = cart.device(d.udid);
    expect(after.pairedHostIds).toHaveLength(1);
    expect(after.counters.Pair).toBe(1);
    expect(cart.pairRecord(d.udid)?.subarray(0, 8).toString()).toBe('bplist00');

    const battery = await tool(cart, 'ideviceinfo', ['-u', d.udid, '-q', 'com.apple.mobile.battery']);
    expect(battery.code).toBe(0);
    expect(battery.stdout).toMatch(/BatteryCurrentCapacity: \d+/);
    expect(battery.stdout).toContain('BatteryIsCharging: ');
    cart.setBattery(d.udid, { level: 37, charging: false });
    const level = await tool(cart, 'ideviceinfo', ['-u', d.udid, '-q', 'com.apple.mobile.battery', '-k', 'BatteryCurrentCapacity']);
    expect(level.stdout.trim()).toBe('37');
    // Pairing happened once; the second and third runs reused the pair record.
    expect(cart.device(d.udid).counters.Pair).toBe(1);
    expect(cart.device(d.udid).counters.StartSession).toBe(3);
  });

  it('idevicename sets and reads the name inside a session', async () => {
    const d = cart.devices()[1]!;
    const set = await tool(cart, 'idevicename', ['-u', d.udid, 'Cart 07']);
    expect(set.code).toBe(0);
    expect(cart.device(d.udid).name).toBe('Cart 07');
    const read = await tool(cart, 'idevicename', ['-u', d.udid]);
    expect(read.stdout.trim()).toBe('Cart 07');
  });

  it('the legacy iOS 9 device pairs and opens a TLS 1.0 session', async () => {
    const legacy = cart.devices().find((d) => d.productVersion.startsWith('9.'))!;
    expect(legacy).toBeDefined();
    expect(legacy.udid).toMatch(/^[0-9a-f]{40}$/);
    const pair = await tool(cart, 'idevicepair', ['-u', legacy.udid, 'pair']);
    expect(pair).toMatchObject({ code: 0 });
    expect(pair.stdout).toContain('SUCCESS: Paired');
    const serial = await tool(cart, 'ideviceinfo', ['-u', legacy.udid, '-k', 'SerialNumber']);
    expect(serial.code).toBe(0);
    expect(serial.stdout.trim()).toBe(legacy.serial);
    expect(cart.device(legacy.udid).counters.StartSession).toBe(1);
    expect(cart.device(legacy.udid).tlsProtocol).toBe('TLSv1');
    expect(cart.device(cart.devices()[1]!.udid).tlsProtocol).toBe('TLSv1.3');
  });

  it('a stale pair record (device erased) fails the session with InvalidHostID', async () => {
    const d = cart.devices()[2]!;
    expect((await tool(cart, 'idevicepair', ['-u', d.udid, 'pair'])).code).toBe(0);
    cart.erase(d.udid);
    const back = await cart.waitFor(d.udid, (v) => v.connected && v.activationState === 'Unactivated');
    expect(back.pairedHostIds).toEqual([]);
    expect(back.deviceId).not.toBe(d.deviceId);
    const result = await tool(cart, 'ideviceinfo', ['-u', d.udid, '-k', 'SerialNumber']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('-21');
  });
});
