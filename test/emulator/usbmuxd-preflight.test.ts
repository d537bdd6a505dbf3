import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { decodeDict } from './plist-codec.js';
import { poll, testCart, tool } from './test-helpers.js';

/** The HostID of the record usbmuxd holds for a UDID. */
function storedHostId(cart: VirtualCart, udid: string): string | undefined {
  const data = cart.pairRecord(udid);
  return data ? (decodeDict(data).HostID as string) : undefined;
}

/** Waits until `idevice_id -l` lists the device: usbmuxd lists it only once its preflight is through. */
async function listed(cart: VirtualCart, udid: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await tool(cart, 'idevice_id', ['-l'])).stdout.includes(udid)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${udid} was never listed`);
}

describe('usbmuxdAutoPair: Linux usbmuxd preflight pairs by itself', () => {
  let cart: VirtualCart | undefined;
  afterEach(async () => {
    await cart?.stop();
    cart = undefined;
  });

  it('at attach: pairs with fresh keys and saves a record the real tools can use, before listing the device', async () => {
    cart = await testCart({ devices: 2, usbmuxdAutoPair: true });
    const [a, b] = cart.devices().map((d) => d.udid) as [string, string];
    await listed(cart, a);
    // Listed means preflight is done: the record is already there.
    const hostA = storedHostId(cart, a);
    const hostB = storedHostId(cart, b);
    expect(hostA).toBeDefined();
    expect(cart.device(a).pairedHostIds).toEqual([hostA]);
    // A new HostID (and new keys) per device, as libimobiledevice's internal pairing makes them.
    expect(hostB).not.toBe(hostA);
    const info = await tool(cart, 'ideviceinfo', ['-u', a, '-k', 'SerialNumber']);
    expect(info.code).toBe(0);
    expect(info.stdout.trim()).toBe(cart.device(a).serial);
  });

  it('Trust dialog: lists the device at once, then pairs when Trust is tapped (request_pair)', async () => {
    cart = await testCart({ devices: 1, trust: 'pending', usbmuxdAutoPair: true });
    const udid = cart.devices()[0]!.udid;
    await listed(cart, udid);
    expect(cart.pairRecord(udid)).toBeUndefined();
    expect(cart.device(udid).counters.Pair).toBe(1);
    cart.trust(udid);
    const hostId = await poll(() => storedHostId(cart!, udid));
    expect(cart.device(udid).pairedHostIds).toEqual([hostId]);
    expect((await tool(cart, 'ideviceinfo', ['-u', udid, '-k', 'DeviceName'])).code).toBe(0);
  });

  it('realistic person: usbmuxd hears the tap (request_pair) on a set-up device and pairs then', async () => {
    cart = await testCart({ devices: 0, latency: 'realistic', timeScale: 0.05, usbmuxdAutoPair: true });
    // Set up (the dialog exists), answering Trust from now on; plugged in only then.
    const { udid } = cart.addDevice({ trust: 'pending', unplugged: true });
    cart.trust(udid);
    cart.plug(udid);
    await listed(cart, udid);
    const hostId = await poll(() => storedHostId(cart!, udid));
    expect(cart.device(udid)).toMatchObject({ pairedHostIds: [hostId], trustDialogOpen: false, counters: { Pair: 2 } });
  });

  it("keeps a record the device accepts at the next attach, and replaces one it no longer knows", async () => {
    cart = await testCart({ devices: 1, usbmuxdAutoPair: true });
    const udid = cart.devices()[0]!.udid;
    const first = await poll(() => storedHostId(cart!, udid));
    cart.restart(udid);
    await cart.waitFor(udid, (d) => d.connected && storedHostId(cart!, udid) === first && d.pairedHostIds.length === 1);
    expect(storedHostId(cart, udid)).toBe(first);
    cart.erase(udid);
    const after = await poll(() => {
      const id = storedHostId(cart!, udid);
      return cart!.device(udid).connected && id !== first ? id : undefined;
    }, 30_000);
    expect(cart.device(udid).pairedHostIds).toEqual([after]);
  });
});
