import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { PlistChannel, muxConnect } from './test-client.js';
import { testCart, tool } from './test-helpers.js';

describe('faults', () => {
  let cart: VirtualCart | undefined;
  afterEach(async () => {
    await cart?.stop();
    cart = undefined;
  });

  it('unplug at a given request: the device vanishes mid-pairing and stays away until plugged', async () => {
    cart = await testCart({ devices: 2 });
    const [a, b] = cart.devices() as [ReturnType<VirtualCart['device']>, ReturnType<VirtualCart['device']>];
    cart.setFault({ kind: 'unplug', udid: a.udid, request: 'Pair' });
    const result = await tool(cart, 'idevicepair', ['-u', a.udid, 'pair']);
    expect(result.code).not.toBe(0);
    expect(cart.device(a.udid).connected).toBe(false);
    expect(cart.device(b.udid).connected).toBe(true);
    cart.plug(a.udid);
    expect((await tool(cart, 'idevicepair', ['-u', a.udid, 'pair'])).code).toBe(0);
  });

  it('drop mid-TLS makes the session fail with an SSL error', async () => {
    cart = await testCart({ devices: 1 });
    const { udid } = cart.devices()[0]!;
    expect((await tool(cart, 'idevicepair', ['-u', udid, 'pair'])).code).toBe(0);
    cart.setFault({ kind: 'drop-tls', udid });
    const broken = await tool(cart, 'ideviceinfo', ['-u', udid, '-k', 'SerialNumber']);
    expect(broken.code).not.toBe(0);
    // The fault fired once; the next session works.
    expect((await tool(cart, 'ideviceinfo', ['-u', udid, '-k', 'SerialNumber'])).code).toBe(0);
  });

  it('malformed and truncated plists are not accepted by libimobiledevice', async () => {
    cart = await testCart({ devices: 1 });
    const { udid, productVersion } = cart.devices()[0]!;
    cart.setFault({ kind: 'malformed-plist', udid, request: 'GetValue' });
    const malformed = await tool(cart, 'ideviceinfo', ['-s', '-u', udid, '-k', 'ProductVersion']);
    expect(malformed.stdout.trim()).not.toBe(productVersion);
    cart.setFault({ kind: 'truncated-plist', udid, request: 'GetValue' });
    const truncated = await tool(cart, 'ideviceinfo', ['-s', '-u', udid, '-k', 'ProductVersion']);
    expect(truncated.stdout.trim()).not.toBe(productVersion);
    expect((await tool(cart, 'ideviceinfo', ['-s', '-u', udid, '-k', 'ProductVersion'])).stdout.trim()).toBe(productVersion);
  });

  it('slow replies are held for the requested time', async () => {
    cart = await testCart({ devices: 1 });
    const d = cart.devices()[0]!;
    cart.setFault({ kind: 'slow-reply', udid: d.udid, request: 'QueryType', delayMs: 400 });
    const channel = new PlistChannel(await muxConnect(cart.usbmuxAddress, d.deviceId, 62078));
    const started = Date.now();
    const reply = await channel.request({ Request: 'QueryType' });
    expect(reply.Type).toBe('com.apple.mobile.lockdown');
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    channel.stream.destroy();
  });

  it('random faults are reproducible from a seed', async () => {
    cart = await testCart({ devices: 1 });
    const { udid } = cart.devices()[0]!;
    cart.setFault({ random: { rate: 1, seed: 7, kinds: ['close'] } });
    expect((await tool(cart, 'ideviceinfo', ['-s', '-u', udid, '-k', 'ProductVersion'])).stdout).toBe('');
    cart.setFault({ clear: true });
    expect(cart.faults()).toEqual({ rules: [], random: null });
  });

  it('state faults: User Enrollment is a set-up device that still shows its serial to a host, Activation Lock refuses activation', async () => {
    cart = await testCart({ devices: 2 });
    const [a, b] = cart.devices().map((d) => d.udid) as [string, string];
    cart.setFault({ kind: 'user-enrollment', udid: a });
    // User Enrollment keeps the serial from the MDM server, not from a paired host.
    const serial = await tool(cart, 'ideviceinfo', ['-u', a, '-k', 'SerialNumber']);
    expect(serial).toMatchObject({ code: 0, stdout: `${cart.device(a).serial}\n` });
    expect(cart.device(a)).toMatchObject({ userEnrollment: true, setupCompleted: true, cloudConfiguration: { CloudConfigurationUIComplete: true, IsSupervised: false } });
    cart.setFault({ kind: 'activation-lock', udid: b });
    expect(cart.device(b).activationState).toBe('Unactivated');
    expect(() => cart!.activate(b)).toThrow(/Activation Lock/);
    const state = await tool(cart, 'ideviceinfo', ['-s', '-u', b, '-k', 'ActivationState']);
    expect(state.stdout.trim()).toBe('Unactivated');
    cart.setFault({ kind: 'supervised-elsewhere', udid: b });
    expect(cart.device(b)).toMatchObject({ supervised: true, organizationName: 'Northwind Academy IT' });
  });
});
