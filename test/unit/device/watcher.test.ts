import { describe, expect, it } from 'vitest';
import { DeviceWatcher } from '../../../electron/device/watcher.js';
import { TransportError, type DeviceTransport, type MuxDevice, type MuxEvent } from '../../../electron/device/transport-types.js';

/** A transport seam that only does events and ListDevices. */
function fakeTransport() {
  let listener: ((e: MuxEvent) => void) | null = null;
  const state = { listed: [] as MuxDevice[], down: false };
  const t = {
    subscribe: (l: (e: MuxEvent) => void) => (listener = l),
    unsubscribe: async () => void (listener = null),
    listDevices: async () => {
      if (state.down) throw new TransportError('usbmuxd', 'UNREACHABLE', -1, 'usbmuxd_get_device_list');
      return state.listed;
    },
  } as unknown as DeviceTransport;
  const dev = (udid: string, handle: number): MuxDevice => ({ udid, handle, productId: 0x12a8, connectionType: 'usb' });
  const emit = (type: MuxEvent['type'], d: MuxDevice) => listener?.({ ...d, type });
  return { t, state, dev, emit };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('DeviceWatcher', () => {
  it('announces attach and a confirmed detach', async () => {
    const f = fakeTransport();
    const w = new DeviceWatcher({ transport: f.t });
    const seen: string[] = [];
    w.on('attach', (d) => seen.push(`+${d.udid}`));
    w.on('detach', (d) => seen.push(`-${d.udid}`));
    w.start();
    const a = f.dev('A', 1);
    f.state.listed = [a];
    f.emit('add', a);
    await w.waitForCount(1, 2000);
    expect(w.isAttached('A')).toBe(true);
    let gone = false;
    w.onceDetached('A', () => (gone = true));
    f.state.listed = [];
    f.emit('remove', a);
    await w.waitFor(() => w.list().length === 0, 2000);
    expect(seen).toEqual(['+A', '-A']);
    expect(gone).toBe(true);
    await w.stop();
  });

  it('collapses a usbmuxd restart (REMOVE all, then ADD again) into no events', async () => {
    const f = fakeTransport();
    const w = new DeviceWatcher({ transport: f.t, holdMs: 10_000 });
    const seen: string[] = [];
    const status: string[] = [];
    w.on('attach', (d) => seen.push(`+${d.udid}`));
    w.on('detach', (d) => seen.push(`-${d.udid}`));
    w.on('usbmuxd', (s) => status.push(s));
    w.start();
    const devs = [f.dev('A', 1), f.dev('B', 2)];
    f.state.listed = devs;
    for (const d of devs) f.emit('add', d);
    await w.waitForCount(2, 2000);
    f.state.down = true;
    for (const d of devs) f.emit('remove', d);
    await w.waitFor(() => status.includes('down'), 3000).catch(() => undefined);
    await tick(100);
    expect(w.list().map((d) => d.udid)).toEqual(['A', 'B']);
    f.state.down = false;
    f.emit('add', f.dev('A', 11));
    f.emit('add', f.dev('B', 12));
    await tick(1200);
    expect(seen).toEqual(['+A', '+B']);
    expect(w.get('A')?.handle).toBe(11);
    expect(w.list().every((d) => !d.suspect)).toBe(true);
    await w.stop();
  });

  it('drops held devices when usbmuxd stays away longer than holdMs', async () => {
    const f = fakeTransport();
    const w = new DeviceWatcher({ transport: f.t, holdMs: 200 });
    const detached: string[] = [];
    w.on('detach', (d) => detached.push(d.udid));
    w.start();
    const a = f.dev('A', 1);
    f.state.listed = [a];
    f.emit('add', a);
    await w.waitForCount(1, 2000);
    f.state.down = true;
    f.emit('remove', a);
    await w.waitFor(() => detached.length === 1, 5000);
    expect(w.list()).toEqual([]);
    await w.stop();
  });
});
