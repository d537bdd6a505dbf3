import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { VirtualCart } from './index.js';
import { decodeDict, encodeXml, type PlistDict } from './plist-codec.js';
import { HEADER_SIZE, PacketReader } from './usbmux/packet.js';
import { poll, tempSocketPath, testCart, tool } from './test-helpers.js';

/** A minimal usbmuxd client, to look at what libusbmuxd would get. */
class MuxClient {
  private readonly reader = new PacketReader();
  readonly received: { tag: number; body: PlistDict }[] = [];
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const p of this.reader.push(chunk)) this.received.push({ tag: p.tag, body: decodeDict(p.payload) });
    });
  }

  static open(address: string): Promise<MuxClient> {
    return new Promise((resolve, reject) => {
      const colon = address.lastIndexOf(':');
      const socket = address.startsWith('UNIX:')
        ? connect(address.slice(5))
        : connect(Number(address.slice(colon + 1)), address.slice(0, colon));
      socket.once('connect', () => resolve(new MuxClient(socket)));
      socket.once('error', reject);
    });
  }

  send(tag: number, body: PlistDict, version = 1): void {
    const payload = encodeXml(body);
    const header = Buffer.alloc(HEADER_SIZE);
    header.writeUInt32LE(HEADER_SIZE + payload.length, 0);
    header.writeUInt32LE(version, 4);
    header.writeUInt32LE(8, 8);
    header.writeUInt32LE(tag, 12);
    this.socket.write(Buffer.concat([header, payload]));
  }

  next(predicate: (m: { tag: number; body: PlistDict }) => boolean = () => true): Promise<{ tag: number; body: PlistDict }> {
    return poll(() => {
      const i = this.received.findIndex(predicate);
      return i >= 0 ? this.received.splice(i, 1)[0] : undefined;
    }, 10_000);
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('usbmuxd front end', () => {
  let cart: VirtualCart;
  const unixPath = tempSocketPath();

  beforeAll(async () => {
    cart = await testCart({ devices: 6, listen: ['127.0.0.1:0', `UNIX:${unixPath}`] });
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('idevice_id -l lists every device over TCP and over the UNIX socket', async () => {
    const udids = cart.devices().map((d) => d.udid).sort();
    for (const address of cart.addresses) {
      const result = await tool(address, 'idevice_id', ['-l']);
      expect(result.code).toBe(0);
      expect(result.stdout.trim().split('\n').sort()).toEqual(udids);
    }
    expect(cart.addresses[1]).toBe(`UNIX:${unixPath}`);
  });

  it('idevice_id <udid> prints the name without pairing', async () => {
    const d = cart.devices()[0]!;
    const result = await tool(cart, 'idevice_id', [d.udid]);
    expect(result.stdout.trim()).toBe(d.name);
    expect(cart.device(d.udid).pairedHostIds).toEqual([]);
  });

  it('answers pair-record, BUID, listener and unknown requests like usbmuxd', async () => {
    const c = await MuxClient.open(cart.usbmuxAddress);
    c.send(1, { MessageType: 'ReadBUID', ProgName: 'vitest' });
    expect(typeof (await c.next()).body.BUID).toBe('string');
    c.send(2, { MessageType: 'ReadPairRecord', PairRecordID: 'nope' });
    expect((await c.next()).body).toEqual({ MessageType: 'Result', Number: 2 });
    c.send(3, { MessageType: 'SavePairRecord', PairRecordID: 'rec', PairRecordData: Buffer.from('abc') });
    expect((await c.next()).body.Number).toBe(0);
    c.send(4, { MessageType: 'ReadPairRecord', PairRecordID: 'rec' });
    expect(Buffer.from((await c.next()).body.PairRecordData as Buffer).toString()).toBe('abc');
    c.send(5, { MessageType: 'DeletePairRecord', PairRecordID: 'rec' });
    expect((await c.next()).body.Number).toBe(0);
    c.send(6, { MessageType: 'FlyToTheMoon' });
    const unknown = await c.next();
    expect(unknown).toEqual({ tag: 6, body: { MessageType: 'Result', Number: 1 } });
    c.send(7, { MessageType: 'ListListeners' });
    expect(Array.isArray((await c.next()).body.ListenerList)).toBe(true);
    c.close();
  });

  it('Listen replays Attached, then reports unplug/plug with a new DeviceID and the same LocationID', async () => {
    const c = await MuxClient.open(cart.usbmuxAddress);
    c.send(1, { MessageType: 'Listen', ProgName: 'vitest' });
    expect((await c.next()).body).toEqual({ MessageType: 'Result', Number: 0 });
    const target = cart.devices()[1]!;
    const first = await c.next((m) => m.body.MessageType === 'Attached' && m.body.DeviceID === target.deviceId);
    const props = first.body.Properties as PlistDict;
    expect(props.SerialNumber).toBe(target.udid);
    expect(props.ConnectionType).toBe('USB');
    expect(props.LocationID).toBe(target.locationId);

    cart.unplug(target.udid);
    expect((await c.next((m) => m.body.MessageType === 'Detached')).body.DeviceID).toBe(target.deviceId);
    expect(cart.device(target.udid).connected).toBe(false);
    cart.plug(target.udid);
    const again = await c.next(
      (m) => m.body.MessageType === 'Attached' && (m.body.Properties as PlistDict).SerialNumber === target.udid && m.body.DeviceID !== target.deviceId,
    );
    expect(again.body.DeviceID).not.toBe(target.deviceId);
    expect((again.body.Properties as PlistDict).LocationID).toBe(target.locationId);
    c.close();
  });

  it('Connect refuses an unknown DeviceID and a closed port', async () => {
    const c = await MuxClient.open(cart.usbmuxAddress);
    c.send(1, { MessageType: 'Connect', DeviceID: 9999, PortNumber: 32498 });
    expect((await c.next()).body.Number).toBe(2);
    c.send(2, { MessageType: 'Connect', DeviceID: cart.devices()[0]!.deviceId, PortNumber: 0x3412 });
    expect((await c.next()).body.Number).toBe(3);
    c.close();
  });

  it('removes its UNIX socket file on stop', async () => {
    const path = tempSocketPath();
    const other = await testCart({ devices: 1, listen: `UNIX:${path}` });
    expect(existsSync(path)).toBe(true);
    await other.stop();
    expect(existsSync(path)).toBe(false);
  });
});
