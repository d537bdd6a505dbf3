import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/cart-daemon.js';
import { startHarness, TRANSPORTS, type Harness } from './setup.js';
import { makeSupervisor, testProfile } from './supervision.js';
import { validatePairing } from '../../../electron/device/pairing.js';

describe.each(TRANSPORTS)('device services over %s', (transport) => {
  let h: Harness;
  let udid: string;
  const supervisor = makeSupervisor();
  beforeAll(async () => {
    h = await startHarness({ transport, devices: 2 });
    udid = h.udids[0]!;
    await h.layer.ensurePaired(udid);
    // Devices start unactivated at Hello; activate through the cart's stand-in activation server.
    await h.layer.activate(udid, { serverUrl: h.cart.activation });
  }, 120_000);
  afterAll(async () => h?.close());

  it('supervises with SetCloudConfiguration and the snapshot shows it', async () => {
    await h.layer.withMcInstall(udid, (mc) => mc.supervise({ organization: { name: 'Lakeside School' }, supervisorCertificate: supervisor.certificateDer }));
    const cart = await h.cart.device(udid);
    expect(cart.supervised).toBe(true);
    expect(cart.organizationName).toBe('Lakeside School');
    const snap = await h.layer.snapshot(udid);
    expect(snap).toMatchObject({ udid, supervised: true, organization: 'Lakeside School', serialNumber: cart.serial, productType: cart.productType, productVersion: cart.productVersion });
    await expect(h.layer.withMcInstall(udid, (mc) => mc.supervise({ organization: { name: 'Other' }, supervisorCertificate: supervisor.certificateDer }))).rejects.toMatchObject({
      code: 'CLOUD_CONFIG_PRESENT',
    });
  });

  it('escalates with a CMS-signed challenge, installs silently, lists and removes a profile', async () => {
    const id = `com.cartwright.test.${transport}`;
    await h.layer.withMcInstall(udid, async (mc) => {
      await mc.escalate(supervisor.certificateDer, supervisor.sign);
      await mc.installProfileSilent(testProfile(id));
    });
    let cart = await h.cart.device(udid);
    expect(cart.profiles).toContain(id);
    expect(cart.profileDetails.find((p) => p.identifier === id)?.installedSilently).toBe(true);
    const list = await h.layer.withMcInstall(udid, (mc) => mc.getProfileList());
    expect(list.find((p) => p.identifier === id)).toMatchObject({ displayName: 'Cartwright test restrictions' });
    await h.layer.withMcInstall(udid, (mc) => mc.removeProfile(id));
    cart = await h.cart.device(udid);
    expect(cart.profiles).not.toContain(id);
  });

  it('sets the wallpaper and names the Settings item the device refused', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await h.layer.withMcInstall(udid, async (mc) => {
      await mc.escalate(supervisor.certificateDer, supervisor.sign);
      await mc.setWallpaper(png, 'lock');
    });
    expect((await h.cart.device(udid)).settings).toMatchObject({ Wallpaper: { where: 'lock', format: 'png' } });
    const refused = h.layer.withMcInstall(udid, async (mc) => {
      await mc.escalate(supervisor.certificateDer, supervisor.sign);
      await mc.setWallpaper(Buffer.from('not an image'), 'home');
    });
    await expect(refused).rejects.toMatchObject({ code: 'DEVICE_REFUSED', message: expect.stringContaining('Wallpaper setting') });
    expect((await h.cart.device(udid)).settings).toMatchObject({ Wallpaper: { where: 'lock' } });
  });

  it('refuses a wrong signature and a silent install without escalation', async () => {
    const stranger = makeSupervisor('Someone else');
    await expect(h.layer.withMcInstall(udid, (mc) => mc.escalate(stranger.certificateDer, stranger.sign))).rejects.toMatchObject({ code: 'NOT_SUPERVISED' });
    await expect(h.layer.withMcInstall(udid, (mc) => mc.escalate(supervisor.certificateDer, stranger.sign))).rejects.toMatchObject({ code: 'ESCALATION_REJECTED' });
    await expect(h.layer.withMcInstall(udid, (mc) => mc.installProfileSilent(testProfile('com.cartwright.nope')))).rejects.toHaveProperty('code');
    expect((await h.cart.device(udid)).profiles).not.toContain('com.cartwright.nope');
  });

  it('renames the device and reads the battery', async () => {
    expect(await h.layer.rename(udid, `Cart ${transport} 07`)).toBe(`Cart ${transport} 07`);
    expect((await h.cart.device(udid)).name).toBe(`Cart ${transport} 07`);
    const battery = await h.layer.battery(udid);
    const cart = await h.cart.device(udid);
    expect(battery.level).toBe(cart.battery);
    expect(battery.charging).toBe(cart.charging);
  });

  it('reads the battery of an iPhone 7 by IORegistry class, and from lockdown when the relay fails', async () => {
    const old = await h.cart.addDevice({ productType: 'iPhone9,1' });
    await eventually(() => h.layer.watcher.isAttached(old.udid), 30_000);
    await h.layer.ensurePaired(old.udid);
    await h.cart.setBattery(old.udid, { level: 37, charging: false });
    const viaRegistry = await h.layer.battery(old.udid);
    expect(viaRegistry).toMatchObject({ source: 'ioregistry', level: 37, charging: false, externalConnected: false });
    expect(viaRegistry.cycleCount).toBeTypeOf('number');

    await h.cart.fault({ kind: 'malformed-plist', udid: old.udid, request: 'IORegistry' });
    const viaLockdown = await h.layer.battery(old.udid);
    expect(viaLockdown).toMatchObject({ source: 'lockdown', level: 37, charging: false });
    const counters = (await h.cart.device(old.udid)).counters;
    expect(counters.IORegistry).toBe(2);
  });

  it('erases: the device comes back unactivated and unpaired, and cannot be supervised until activated', async () => {
    await h.layer.withMcInstall(udid, (mc) => mc.eraseDevice());
    await eventually(async () => {
      const d = await h.cart.device(udid);
      return d.connected && d.activationState === 'Unactivated' && d.pairedHostIds.length === 0 && !d.supervised && h.layer.watcher.isAttached(udid) && d;
    }, 45_000);
    expect(await validatePairing(h.layer.context, udid)).toBe(false);
    expect((await h.layer.ensurePaired(udid)).status).toBe('re-paired');
    expect(await h.layer.activationState(udid)).toBe('Unactivated');
    await expect(h.layer.withMcInstall(udid, (mc) => mc.supervise({ organization: { name: 'X' }, supervisorCertificate: supervisor.certificateDer }))).rejects.toMatchObject({
      code: 'NOT_ACTIVATED',
    });
  });
});
