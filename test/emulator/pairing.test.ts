import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { poll, testCart, tool } from './test-helpers.js';

describe('idevicepair against the trust modes', () => {
  let cart: VirtualCart | undefined;
  afterEach(async () => {
    await cart?.stop();
    cart = undefined;
  });

  it('pair, validate and unpair succeed in accept mode', async () => {
    cart = await testCart({ devices: 1, trust: 'accept' });
    const { udid } = cart.devices()[0]!;
    const pair = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
    expect(pair).toMatchObject({ code: 0 });
    expect(pair.stdout).toContain(`SUCCESS: Paired with device ${udid}`);
    const validate = await tool(cart, 'idevicepair', ['-u', udid, 'validate']);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(`SUCCESS: Validated pairing with device ${udid}`);
    expect(cart.device(udid).pairedHostIds).toHaveLength(1);
    const unpair = await tool(cart, 'idevicepair', ['-u', udid, 'unpair']);
    expect(unpair.code).toBe(0);
    expect(unpair.stdout).toContain(`SUCCESS: Unpaired with device ${udid}`);
    expect(cart.device(udid).pairedHostIds).toEqual([]);
    expect(cart.pairRecord(udid)).toBeUndefined();
  });

  it('pending: asks to accept the dialog, then succeeds once Trust is tapped', async () => {
    cart = await testCart({ devices: 1, trust: 'pending' });
    const { udid } = cart.devices()[0]!;
    const pending = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
    expect(pending.code).toBe(1);
    expect(pending.stdout + pending.stderr).toContain(`Please accept the trust dialog on the screen of device ${udid}, then attempt to pair again.`);
    const info = await tool(cart, 'ideviceinfo', ['-u', udid, '-k', 'SerialNumber']);
    expect(info.stderr).toContain('Pairing dialog response pending (-19)');
    cart.trust(udid);
    const paired = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
    expect(paired.code).toBe(0);
    expect(cart.device(udid).trust).toBe('accept');
  });

  it('deny: reports that the user denied the dialog', async () => {
    cart = await testCart({ devices: 1, trust: 'deny' });
    const { udid } = cart.devices()[0]!;
    const denied = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
    expect(denied.code).toBe(1);
    expect(denied.stdout + denied.stderr).toContain(`Device ${udid} said that the user denied the trust dialog.`);
    expect(cart.device(udid).pairedHostIds).toEqual([]);
  });

  it('passcode: asks to enter the passcode, pairs after unlock', async () => {
    cart = await testCart({ devices: 1, trust: 'passcode' });
    const { udid } = cart.devices()[0]!;
    // A passcode lock exists only on a device that went through Setup Assistant.
    expect(cart.device(udid)).toMatchObject({ trust: 'passcode', passcode: true, setupCompleted: true, activationState: 'Activated' });
    const locked = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
    expect(locked.code).toBe(1);
    expect(locked.stdout + locked.stderr).toContain('because a passcode is set. Please enter the passcode on the device and retry.');
    cart.unlock(udid);
    expect((await tool(cart, 'idevicepair', ['-u', udid, 'pair'])).code).toBe(0);
  });

  it('realistic latency: a device in Setup Assistant pairs at once, without a dialog or a tap, whatever the person would answer', async () => {
    cart = await testCart({ devices: 1, latency: 'realistic', timeScale: 1 });
    const { udid } = cart.devices()[0]!;
    cart.pending(udid);
    expect(cart.device(udid)).toMatchObject({ setupCompleted: false, trust: 'accept', trustDialog: 'pending' });
    const pair = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
    expect(pair.code).toBe(0);
    expect(cart.device(udid)).toMatchObject({ trustDialogOpen: false, counters: { Pair: 1 } });
    expect(cart.device(udid).pairedHostIds).toHaveLength(1);
  });

  it('realistic latency: past Setup Assistant the person taps Trust a few (scaled) moments after the dialog opens', async () => {
    cart = await testCart({ devices: 1, latency: 'realistic', timeScale: 0.05 });
    const { udid } = cart.devices()[0]!;
    cart.finishSetup(udid);
    const first = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
    expect(first.code).toBe(1);
    await poll(() => !cart!.device(udid).trustDialogOpen);
    const second = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
    expect(second.code).toBe(0);
  });
});
