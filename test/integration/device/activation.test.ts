import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError } from '../../../electron/device/errors.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { startHarness, type Harness } from './setup.js';

/** The device layer's three activation paths, real addon against the cart and its stand-in for Apple. */
describe('activateDevice (real addon, virtual cart)', () => {
  let h: Harness;

  const added = async (options: { productVersion?: string }): Promise<string> => {
    const d = await h.cart.addDevice(options);
    await eventually(() => h.layer.watcher.isAttached(d.udid));
    await h.layer.ensurePaired(d.udid);
    return d.udid;
  };

  beforeAll(async () => {
    h = await startHarness({ transport: 'tcp', devices: 1, seed: `activate-${Date.now()}` });
  }, 120_000);
  afterAll(() => h?.close());

  it('iOS 10 and later: session mode through drmHandshake; a second call finds it activated', async () => {
    const udid = h.udids[0]!;
    await h.layer.ensurePaired(udid);
    expect(await h.layer.activationState(udid)).toBe('Unactivated');
    expect(await h.layer.activate(udid, { serverUrl: h.cart.activation })).toBe('session');
    expect(await h.layer.activationState(udid)).toBe('Activated');
    expect(await h.layer.activate(udid, { serverUrl: h.cart.activation })).toBeNull();
    expect((await h.cart.device(udid)).counters).toMatchObject({ CreateTunnel1SessionInfoRequest: 1, CreateTunnel1ActivationInfoRequest: 1, HandleActivationInfoWithSessionRequest: 1 });
  }, 60_000);

  it('iOS 9.3.5: mobileactivationd without sessions (CreateActivationInfoRequest, HandleActivationInfoRequest)', async () => {
    const udid = await added({ productVersion: '9.3.5' });
    expect(await h.layer.activate(udid, { serverUrl: h.cart.activation })).toBe('mobileactivation');
    const d = await h.cart.device(udid);
    expect(d.activationState).toBe('Activated');
    expect(d.counters).toMatchObject({ CreateActivationInfoRequest: 1, HandleActivationInfoRequest: 1 });
    expect(d.counters.CreateTunnel1SessionInfoRequest ?? 0).toBe(0);
  }, 60_000);

  it('before iOS 9.3: lockdown ActivationInfo and the Activate request (lockdownd_activate in the addon)', async () => {
    const udid = await added({ productVersion: '9.2.1' });
    expect(await h.layer.activate(udid, { serverUrl: h.cart.activation })).toBe('lockdown');
    const d = await h.cart.device(udid);
    expect(d.activationState).toBe('Activated');
    expect(d.counters.Activate).toBe(1);
  }, 60_000);

  it('an Activation-Locked device: ACTIVATION_LOCKED with a remedy, still Unactivated', async () => {
    const udid = await added({});
    await h.cart.fault({ kind: 'activation-lock', udid });
    const error = await h.layer.activate(udid, { serverUrl: h.cart.activation }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceError);
    expect(error).toMatchObject({ code: 'ACTIVATION_LOCKED', remedy: expect.stringMatching(/Apple Account/) });
    expect((await h.cart.device(udid)).activationState).toBe('Unactivated');
  }, 60_000);
});
