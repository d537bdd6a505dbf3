import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { PlistChannel, makeHostIdentity, muxConnect, pairRecordOf, startSession, type HostIdentity } from './test-client.js';
import { testCart, tool } from './test-helpers.js';

const LOCKDOWN = 62078;
const MAGIC = Buffer.from('CFA6LPAA');

/** A minimal AFC host: one request, one reply (header layout as pymobiledevice3 services/afc.py). */
class AfcClient {
  private buffer = Buffer.alloc(0);
  private packet = 0n;
  private waiting: ((r: { op: number; params: Buffer; data: Buffer }) => void) | null = null;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      if (this.buffer.length < 40) return;
      const entire = Number(this.buffer.readBigUInt64LE(8));
      if (this.buffer.length < entire) return;
      const thisLength = Number(this.buffer.readBigUInt64LE(16));
      const reply = { op: Number(this.buffer.readBigUInt64LE(32)), params: this.buffer.subarray(40, thisLength), data: this.buffer.subarray(thisLength, entire) };
      this.buffer = this.buffer.subarray(entire);
      this.waiting?.(reply);
    });
    socket.resume();
  }

  request(op: number, payload: Buffer): Promise<{ op: number; params: Buffer; data: Buffer }> {
    const header = Buffer.alloc(40);
    MAGIC.copy(header);
    header.writeBigUInt64LE(BigInt(40 + payload.length), 8);
    header.writeBigUInt64LE(BigInt(40 + payload.length), 16);
    header.writeBigUInt64LE(this.packet++, 24);
    header.writeBigUInt64LE(BigInt(op), 32);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(Buffer.concat([header, payload]));
    });
  }
}

const cstr = (s: string): Buffer => Buffer.from(`${s}\0`);
const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const names = (b: Buffer): string[] => b.toString().split('\0').slice(0, -1);

describe('AFC and installation_proxy (TypeScript host)', () => {
  let cart: VirtualCart;
  let udid: string;
  let host: HostIdentity;
  const buid = 'B1D0C0DE-0000-4000-8000-0000000000AF';

  const lockdown = async (): Promise<PlistChannel> => new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, LOCKDOWN));
  const service = async (name: string): Promise<Socket> => {
    const session = await startSession(await lockdown(), host, buid);
    const started = await session.request({ Request: 'StartService', Service: name });
    expect(started).toMatchObject({ Service: name, EnableServiceSSL: false });
    return muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, started.Port as number);
  };

  beforeAll(async () => {
    cart = await testCart({ devices: 1 });
    udid = cart.devices()[0]!.udid;
    const key = (await (await lockdown()).request({ Request: 'GetValue', Key: 'DevicePublicKey' })).Value as Buffer;
    host = makeHostIdentity(key.toString());
    await (await lockdown()).request({ Request: 'Pair', PairRecord: pairRecordOf(host, buid), ProtocolVersion: '2', PairingOptions: { ExtendedPairingErrors: true } });
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('lists the media partition and writes the SkipSetup marker as go-ios does', async () => {
    const afc = new AfcClient(await service('com.apple.afc'));
    const root = await afc.request(0x03, cstr('/'));
    expect(root.op).toBe(0x02);
    expect(names(root.data)).toEqual(expect.arrayContaining(['.', '..', 'DCIM', 'iTunes_Control']));
    expect((await afc.request(0x09, cstr('iTunes_Control/iTunes'))).params.readBigUInt64LE(0)).toBe(0n);
    const opened = await afc.request(0x0d, Buffer.concat([u64(3), cstr('iTunes_Control/iTunes/SkipSetup')]));
    expect(opened.op).toBe(0x0e);
    const handle = opened.params.readBigUInt64LE(0);
    const handleBytes = u64(Number(handle));
    expect((await afc.request(0x10, Buffer.concat([handleBytes, Buffer.from('x')]))).params.readBigUInt64LE(0)).toBe(0n);
    expect((await afc.request(0x14, handleBytes)).params.readBigUInt64LE(0)).toBe(0n);
    const info = names((await afc.request(0x0a, cstr('iTunes_Control/iTunes/SkipSetup'))).data);
    expect(info.slice(0, 2)).toEqual(['st_size', '1']);
    expect(info).toContain('S_IFREG');
    expect(names((await afc.request(0x03, cstr('iTunes_Control/iTunes'))).data)).toContain('SkipSetup');
    const missing = await afc.request(0x0a, cstr('nope'));
    expect(missing.op).toBe(0x01);
    expect(missing.params.readBigUInt64LE(0)).toBe(8n);
    expect((await afc.request(0x08, cstr('iTunes_Control/iTunes/SkipSetup'))).params.readBigUInt64LE(0)).toBe(0n);
  });

  it('browses the stock system apps and looks one up', async () => {
    const proxy = new PlistChannel(await service('com.apple.mobile.installation_proxy'));
    const first = await proxy.request({ Command: 'Browse', ClientOptions: { ApplicationType: 'Any', ReturnAttributes: ['CFBundleIdentifier', 'ApplicationType'] } });
    expect(first).toMatchObject({ Status: 'BrowsingApplications', CurrentIndex: 0 });
    const list = first.CurrentList as Record<string, unknown>[];
    expect(list.map((a) => a.CFBundleIdentifier)).toContain('com.apple.mobilesafari');
    expect(Object.keys(list[0]!).sort()).toEqual(['ApplicationType', 'CFBundleIdentifier']);
    const lookup = new PlistChannel(await service('com.apple.mobile.installation_proxy'));
    const found = await lookup.request({ Command: 'Lookup', ClientOptions: { BundleIDs: ['com.apple.Preferences'] } });
    expect(found.Status).toBe('Complete');
    expect(Object.keys(found.LookupResult as object)).toEqual(['com.apple.Preferences']);
    const user = await lookup.request({ Command: 'Browse', ClientOptions: { ApplicationType: 'User' } });
    expect(user).toMatchObject({ Status: 'Complete' });
  });

  it('an iPhone 7 answers its battery as AppleARMPMUCharger and the newer entry name empty', async () => {
    const old = cart.addDevice({ productType: 'iPhone9,3' });
    const byName = await tool(cart, 'idevicediagnostics', ['-u', old.udid, 'ioregentry', 'AppleSmartBattery']);
    expect(byName.code).toBe(0);
    expect(byName.stdout).not.toContain('CurrentCapacity');
    const own = await tool(cart, 'idevicediagnostics', ['-u', old.udid, 'ioregentry', 'AppleARMPMUCharger']);
    expect(own.stdout).toMatch(/<key>CurrentCapacity<\/key>/);
    expect(own.stdout).toContain('<string>AppleARMPMUCharger</string>');
  });
});
