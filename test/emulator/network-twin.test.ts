import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { asBuffer, decodeDict, type PlistDict } from './plist-codec.js';
import { muxConnect, PlistChannel } from './test-client.js';
import { encodePlistPacket, PacketReader } from './usbmux/packet.js';
import { addressFromBytes } from './usbmux/network-twin.js';
import { poll, testCart, tool } from './test-helpers.js';

/** One usbmuxd request on its own socket, as libusbmuxd sends them. */
function muxRequest(address: string, body: PlistDict): Promise<PlistDict> {
  return new Promise((resolve, reject) => {
    const colon = address.lastIndexOf(':');
    const socket: Socket = connect(Number(address.slice(colon + 1)), address.slice(0, colon));
    const reader = new PacketReader();
    socket.on('data', (chunk: Buffer) => {
      const [packet] = reader.push(chunk);
      if (!packet) return;
      socket.destroy();
      resolve(decodeDict(packet.payload));
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(encodePlistPacket(1, body));
    });
  });
}

interface Entry {
  DeviceID: number;
  Properties: PlistDict;
}

async function listDevices(cart: VirtualCart): Promise<Entry[]> {
  const reply = await muxRequest(cart.usbmuxAddress, { MessageType: 'ListDevices' });
  return reply.DeviceList as Entry[];
}

const lines = (text: string) => text.split('\n').filter(Boolean).sort();

describe('Wi-Fi twins', () => {
  let cart: VirtualCart;
  let udid: string;
  let other: string;

  beforeAll(async () => {
    cart = await testCart({ devices: 2 });
    [udid, other] = cart.devices().map((d) => d.udid) as [string, string];
    cart.announceNetworkTwin(udid);
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('lists a second entry for the UDID with its own DeviceID and a BSD sockaddr', async () => {
    const entries = (await listDevices(cart)).filter((e) => e.Properties.SerialNumber === udid);
    const usb = entries.find((e) => e.Properties.ConnectionType === 'USB');
    const net = entries.find((e) => e.Properties.ConnectionType === 'Network');
    expect(usb && net).toBeTruthy();
    expect(net?.DeviceID).not.toBe(usb?.DeviceID);
    expect(net?.Properties.LocationID).toBeUndefined();
    const address = asBuffer(net?.Properties.NetworkAddress);
    expect(address?.[0]).toBe(16);
    expect(address && addressFromBytes(address)).toBe(cart.device(udid).networkTwin?.address);
    expect(String(net?.Properties.EscapedFullServiceName)).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}@fe80::.*\._apple-mobdev2\._tcp\.local\.$/);
  });

  it('agrees with idevice_id -l (USB) and -n (network)', async () => {
    const usbList = await tool(cart, 'idevice_id', ['-l']);
    const netList = await tool(cart, 'idevice_id', ['-n']);
    expect(lines(usbList.stdout)).toEqual([udid, other].sort());
    expect(lines(netList.stdout)).toEqual([udid]);
  });

  it('serves lockdown through a Connect to the twin, but refuses Pair there', async () => {
    const twinId = cart.device(udid).networkTwin?.deviceId ?? 0;
    const before = cart.device(udid).muxConnects;
    const channel = new PlistChannel(await muxConnect(cart.usbmuxAddress, twinId, 62078));
    try {
      expect((await channel.request({ Request: 'QueryType' })).Type).toBe('com.apple.mobile.lockdown');
      expect((await channel.request({ Request: 'Pair', PairRecord: {} })).Error).toBe('PairingProhibitedOverThisConnection');
    } finally {
      channel.stream.destroy();
    }
    expect(cart.device(udid).muxConnects).toEqual({ usb: before.usb, network: before.network + 1 });
  });

  it('a USB unplug removes only the USB entry; the twin stays', async () => {
    const listener = await muxConnectListen(cart);
    try {
      const usbId = cart.device(udid).deviceId;
      cart.unplug(udid);
      await poll(() => listener.received.some((m) => m.MessageType === 'Detached' && m.DeviceID === usbId));
      const entries = (await listDevices(cart)).filter((e) => e.Properties.SerialNumber === udid);
      expect(entries.map((e) => e.Properties.ConnectionType)).toEqual(['Network']);
      expect(lines((await tool(cart, 'idevice_id', ['-l'])).stdout)).toEqual([other]);
      expect(lines((await tool(cart, 'idevice_id', ['-n'])).stdout)).toEqual([udid]);
    } finally {
      listener.close();
      cart.plug(udid);
    }
  });

  it('a reboot takes the twin away and brings it back with a new DeviceID; removal unlists it', async () => {
    const oldTwin = cart.device(udid).networkTwin?.deviceId;
    cart.restart(udid);
    const back = await cart.waitFor(udid, (d) => d.connected && d.networkTwin !== null && d.networkTwin.deviceId !== oldTwin);
    expect(back.networkTwin?.deviceId).not.toBe(back.deviceId);
    cart.removeNetworkTwin(udid);
    expect((await listDevices(cart)).some((e) => e.Properties.ConnectionType === 'Network')).toBe(false);
  });
});

/** A Listen socket collecting the notifications. */
async function muxConnectListen(cart: VirtualCart): Promise<{ received: PlistDict[]; close(): void }> {
  const colon = cart.usbmuxAddress.lastIndexOf(':');
  const socket = connect(Number(cart.usbmuxAddress.slice(colon + 1)), cart.usbmuxAddress.slice(0, colon));
  const reader = new PacketReader();
  const received: PlistDict[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (const p of reader.push(chunk)) received.push(decodeDict(p.payload));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(encodePlistPacket(1, { MessageType: 'Listen' }));
  await poll(() => received.some((m) => m.MessageType === 'Result'));
  return { received, close: () => socket.destroy() };
}

describe('Wi-Fi twins through the control API', () => {
  let cart: VirtualCart;

  beforeAll(async () => {
    cart = await testCart({ devices: 1, control: '127.0.0.1:0', networkTwins: 1 });
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('networkTwins: N starts with twins; DELETE and POST /devices/{udid}/network-twin toggle it', async () => {
    const [device] = cart.devices();
    const udid = device?.udid ?? '';
    expect(device?.networkTwin).not.toBeNull();
    const url = `${cart.controlUrl ?? ''}/devices/${encodeURIComponent(udid)}/network-twin`;
    const removed = (await (await fetch(url, { method: 'DELETE' })).json()) as { networkTwin: unknown };
    expect(removed.networkTwin).toBeNull();
    const added = (await (await fetch(url, { method: 'POST' })).json()) as { networkTwin: { deviceId: number } | null };
    expect(added.networkTwin?.deviceId).toBeGreaterThan(0);
    expect((await fetch(`${cart.controlUrl ?? ''}/devices/nope/network-twin`, { method: 'POST' })).status).toBe(404);
  });
});
