/**
 * Wi-Fi twins on the virtual cart, through the real addon and Debian's tools: usbmuxd lists a
 * second, ConnectionType "Network" entry for a UDID (as on macOS/Windows). The station must keep
 * to the USB entry, and still see a USB unplug while the twin stays listed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeviceError } from '../../../electron/device/errors.js';
import { usbmuxdPortLocator } from '../../../electron/device/port-identity.js';
import { loadAddon } from '../../../electron/device/transport.js';
import { eventually, type CartDevice } from '../../helpers/cart-daemon.js';
import { runCli } from '../../helpers/cli.js';
import { startHarness, type Harness } from './setup.js';

function idevice_id(usbmuxd: string, flag: '-l' | '-n'): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('idevice_id', [flag], { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: usbmuxd }, timeout: 30_000 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout.split('\n').filter(Boolean).sort());
    });
  });
}

describe('Wi-Fi twins on the cart', () => {
  let h: Harness;
  let twinned: string;
  let wifiOnly: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-twin-'));

  const twin = async (udid: string, method: 'POST' | 'DELETE'): Promise<CartDevice> => {
    const res = await fetch(`${h.cart.control}/devices/${encodeURIComponent(udid)}/network-twin`, { method });
    if (!res.ok) throw new Error(`${method} network-twin: ${res.status}`);
    return (await res.json()) as CartDevice;
  };

  beforeAll(async () => {
    h = await startHarness({ transport: 'tcp', devices: 4 });
    [twinned, wifiOnly] = h.udids as [string, string];
    await twin(twinned, 'POST');
    await twin(wifiOnly, 'POST');
    await h.cart.act(wifiOnly, 'unplug');
    await eventually(() => !h.layer.watcher.isAttached(wifiOnly));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the addon reports the twins as network entries; the station lists USB entries only', async () => {
    const raw = await loadAddon().listDevices();
    expect(raw.filter((d) => d.connectionType === 'network').map((d) => d.udid).sort()).toEqual([twinned, wifiOnly].sort());
    expect(raw.filter((d) => d.connectionType === 'usb')).toHaveLength(3);

    const listed = await h.layer.context.transport.listDevices();
    expect(listed.map((d) => d.udid).sort()).toEqual(h.udids.filter((u) => u !== wifiOnly).sort());
    expect(listed.every((d) => d.connectionType === 'usb')).toBe(true);

    const watched = h.layer.watcher.list();
    expect(watched.map((d) => d.udid).sort()).toEqual(listed.map((d) => d.udid).sort());
    const cartView = await h.cart.device(twinned);
    expect(h.layer.watcher.get(twinned)?.handle).toBe(cartView.deviceId);
    expect(h.layer.watcher.isAttached(wifiOnly)).toBe(false);
  });

  it('idevice_id -l and -n agree with the emulator', async () => {
    const devices = await h.cart.devices();
    expect(await idevice_id(h.cart.usbmuxd, '-l')).toEqual(devices.filter((d) => d.connected).map((d) => d.udid).sort());
    expect(await idevice_id(h.cart.usbmuxd, '-n')).toEqual(devices.filter((d) => d.networkTwin !== null).map((d) => d.udid).sort());
  });

  it('takes the port identity from the USB entry, not the twin', async () => {
    const found = await usbmuxdPortLocator({ usb: false }).locate([twinned]);
    const view = await h.cart.device(twinned);
    expect(found.get(twinned)?.locationId).toBe(view.locationId);
    expect(found.get(twinned)?.key).toMatch(/^loc:0x/);
  });

  it('makes every device call over USB while the twin is listed', async () => {
    const before = (await h.cart.device(twinned)).muxConnects;
    const paired = new Promise<void>((resolve) => {
      const onPaired = (d: { udid: string }) => {
        if (d.udid !== twinned) return;
        h.layer.watcher.off('paired', onPaired);
        resolve();
      };
      h.layer.watcher.on('paired', onPaired);
    });
    await h.pair(twinned);
    // usbmuxd announces Paired only for the DeviceID given in SavePairRecord: the USB one.
    await paired;
    const snapshot = await h.layer.snapshot(twinned);
    expect(snapshot.udid).toBe(twinned);
    expect(await h.layer.activationState(twinned)).toBe((await h.cart.device(twinned)).activationState);
    const after = (await h.cart.device(twinned)).muxConnects;
    expect(after.network).toBe(before.network);
    expect(after.usb).toBeGreaterThan(before.usb);
  });

  it('refuses calls to a device that is only on Wi-Fi', async () => {
    const error = await h.layer.activationState(wifiOnly).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDeviceError(error, 'DEVICE_GONE')).toBe(true);
    expect((await h.cart.device(wifiOnly)).muxConnects.network).toBe(0);
  });

  it('sees a USB unplug as a detach while the UDID stays listed over Wi-Fi, and the replug', async () => {
    const events: string[] = [];
    const onAttach = (d: { udid: string }) => d.udid === twinned && events.push('attach');
    const onDetach = (d: { udid: string }) => d.udid === twinned && events.push('detach');
    h.layer.watcher.on('attach', onAttach);
    h.layer.watcher.on('detach', onDetach);
    try {
      await h.cart.act(twinned, 'unplug');
      await eventually(() => events.includes('detach'));
      expect(h.layer.watcher.isAttached(twinned)).toBe(false);
      expect(await idevice_id(h.cart.usbmuxd, '-n')).toContain(twinned);
      expect(await idevice_id(h.cart.usbmuxd, '-l')).not.toContain(twinned);
      await h.cart.act(twinned, 'plug');
      await eventually(() => h.layer.watcher.get(twinned));
      expect(events).toEqual(['detach', 'attach']);
      expect(h.layer.watcher.get(twinned)?.handle).toBe((await h.cart.device(twinned)).deviceId);
    } finally {
      h.layer.watcher.off('attach', onAttach);
      h.layer.watcher.off('detach', onDetach);
    }
  });

  it('cartwright devices --json shows each cart device once and no Wi-Fi-only device', async () => {
    const r = await runCli(['devices', '--json'], { USBMUXD_SOCKET_ADDRESS: h.cart.usbmuxd, CARTWRIGHT_DATA_DIR: dataDir, CARTWRIGHT_SECRET_PASSPHRASE: 'correct horse' });
    expect(r.code, r.stderr).toBe(0);
    const udids = (JSON.parse(r.stdout) as { udid: string }[]).map((d) => d.udid).sort();
    const onUsb = (await h.cart.devices()).filter((d) => d.connected).map((d) => d.udid).sort();
    expect(udids).toEqual(onUsb);
    expect(udids).toContain(twinned);
    expect(udids).not.toContain(wifiOnly);
  }, 120_000);
});
