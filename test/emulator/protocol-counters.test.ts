import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolCountersView, VirtualCart } from './index.js';
import { PlistChannel, makeHostIdentity, muxConnect, pairRecordOf, startSession, type HostIdentity } from './test-client.js';
import { testCart, tool } from './test-helpers.js';

const LOCKDOWN = 62078;
const DIAGNOSTICS = 'com.apple.mobile.diagnostics_relay';

describe('protocol counters (GET/DELETE /counters)', () => {
  let cart: VirtualCart;
  let udid: string;
  let host: HostIdentity;
  const buid = 'B1D0C0DE-0000-4000-8000-00000000C0C0';

  const lockdown = async (): Promise<PlistChannel> => new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, LOCKDOWN));
  const counters = async (method = 'GET'): Promise<ProtocolCountersView> =>
    (await (await fetch(`${cart.controlUrl!}/counters`, { method })).json()) as ProtocolCountersView;

  beforeAll(async () => {
    cart = await testCart({ devices: 2, control: '127.0.0.1:0' });
    udid = cart.devices()[0]!.udid;
    const key = (await (await lockdown()).request({ Request: 'GetValue', Key: 'DevicePublicKey' })).Value as Buffer;
    host = makeHostIdentity(key.toString());
    expect(await (await lockdown()).request({ Request: 'Pair', PairRecord: pairRecordOf(host, buid), ProtocolVersion: '2' })).toHaveProperty('EscrowBag');
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('counts one socket, tunnel, session, handshake and service start exactly, per device and in total', async () => {
    const zero = await counters('DELETE');
    expect(zero).toMatchObject({ muxConnectionsAccepted: 0, muxRequests: {}, devices: {} });
    expect(zero.totals).toMatchObject({ muxConnections: 0, lockdownSessions: 0, tlsHandshakes: 0, serviceStarts: 0 });

    const session = await startSession(await lockdown(), host, buid);
    const started = await session.request({ Request: 'StartService', Service: DIAGNOSTICS });
    const service = new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, started.Port as number));
    expect(await service.request({ Request: 'Goodbye' })).toMatchObject({ Status: 'Success' });
    // Refused requests count nothing: a second StartSession on the same connection, an unknown service.
    expect(await session.request({ Request: 'StartSession', HostID: host.hostId })).toMatchObject({ Error: 'SessionActive' });
    expect(await session.request({ Request: 'StartService', Service: 'com.example.none' })).toMatchObject({ Error: 'InvalidService' });

    const view = await counters();
    const expected = {
      muxConnections: 2,
      tunnels: { lockdown: 1, service: 1 },
      lockdownSessions: 1,
      tlsHandshakes: 1,
      serviceStarts: 1,
      services: { [DIAGNOSTICS]: 1 },
      pairRecordReads: 0,
      // Refused requests are requests all the same: the device answered each one.
      lockdownRequests: { StartSession: 2, StartService: 2 },
      mcinstallRequests: {},
      diagnosticsRequests: { Goodbye: 1 },
      // This cart has no latency model: its devices answer without thinking.
      thinkMs: 0,
    };
    expect(view.devices).toEqual({ [udid]: expected });
    expect(view.totals).toEqual(expected);
    expect(view.muxConnectionsAccepted).toBe(2);
    expect(view.muxRequests).toEqual({ Connect: 2 });
    expect(view.cartCpuMs.user).toBeGreaterThanOrEqual(0);
    session.stream.destroy();
  });

  it('counts lockdown GetValue by domain and key, MCInstall requests by RequestType and diagnostics requests', async () => {
    cart.resetProtocolCounters();
    const plain = await lockdown();
    await plain.request({ Request: 'GetValue', Key: 'ProductVersion' });
    const session = await startSession(plain, host, buid);
    await session.request({ Request: 'GetValue' });
    await session.request({ Request: 'GetValue', Domain: 'com.apple.mobile.battery' });
    await session.request({ Request: 'GetValue', Domain: 'com.apple.mobile.battery', Key: 'BatteryCurrentCapacity' });
    await session.request({ Request: 'GetValue', Key: 'ProductVersion' });
    const mcPort = (await session.request({ Request: 'StartService', Service: 'com.apple.mobile.MCInstall' })).Port as number;
    const mc = new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, mcPort));
    await mc.request({ RequestType: 'GetProfileList' });
    await mc.request({ RequestType: 'GetCloudConfiguration' });
    await mc.request({ RequestType: 'GetProfileList' });
    const diagPort = (await session.request({ Request: 'StartService', Service: DIAGNOSTICS })).Port as number;
    const diag = new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, diagPort));
    await diag.request({ Request: 'IORegistry', EntryClass: 'IOPMPowerSource' });

    const device = cart.protocolCounters().devices[udid]!;
    expect(device.lockdownRequests).toEqual({
      'GetValue ProductVersion': 2,
      'GetValue *': 1,
      'GetValue com.apple.mobile.battery/*': 1,
      'GetValue com.apple.mobile.battery/BatteryCurrentCapacity': 1,
      StartSession: 1,
      StartService: 2,
    });
    expect(device.mcinstallRequests).toEqual({ GetProfileList: 2, GetCloudConfiguration: 1 });
    expect(device.diagnosticsRequests).toEqual({ IORegistry: 1 });
    expect(cart.protocolCounters().totals.mcinstallRequests).toEqual(device.mcinstallRequests);
    mc.stream.destroy();
    diag.stream.destroy();
    session.stream.destroy();
  });

  it('attributes a libimobiledevice tool run to the device it named, and sockets that name none to the totals only', async () => {
    cart.resetProtocolCounters();
    const other = cart.devices()[1]!.udid;
    const run = await tool(cart, 'idevicediagnostics', ['-u', other, 'diagnostics', 'All']);
    expect(run.code).toBe(0);
    const view = cart.protocolCounters();
    const device = view.devices[other]!;
    // The tool paired first (no record yet), then opened one session for diagnostics_relay.
    expect(device.lockdownSessions).toBe(cart.device(other).counters.StartSession);
    expect(device.tlsHandshakes).toBe(device.lockdownSessions);
    expect(device.services).toEqual({ [DIAGNOSTICS]: 1 });
    expect(device.tunnels.service).toBe(1);
    expect(device.muxConnections).toBeGreaterThanOrEqual(device.tunnels.lockdown + device.tunnels.service);
    // libusbmuxd looks the UDID up with ListDevices on a socket of its own.
    expect(view.muxRequests.ListDevices).toBeGreaterThanOrEqual(1);
    expect(view.muxConnectionsAccepted).toBeGreaterThan(device.muxConnections);
    expect(Object.keys(view.devices)).toEqual([other]);
  });

  it('counts the think time of a cart with latency: each reply delay, overlapping delays once', async () => {
    const slow = await testCart({ devices: 1, latency: 'realistic' });
    try {
      const device = slow.devices()[0]!;
      const open = async () => new PlistChannel(await muxConnect(slow.usbmuxAddress, device.deviceId, LOCKDOWN));
      const [a, b] = [await open(), await open()];
      slow.resetProtocolCounters();
      const t0 = performance.now();
      // Two replies in flight together, then three one after another: five delays of 15–70 ms.
      await Promise.all([a.request({ Request: 'QueryType' }), b.request({ Request: 'QueryType' })]);
      for (let i = 0; i < 3; i++) await a.request({ Request: 'GetValue', Key: 'ProductVersion' });
      const elapsed = performance.now() - t0;
      const think = slow.protocolCounters().devices[device.udid]!.thinkMs;
      // At least the sequential part's three minimum delays plus the pair's longer one; never more
      // than the time the requests took, which a sum of the two overlapping delays could exceed.
      expect(think).toBeGreaterThanOrEqual(4 * 15);
      expect(think).toBeLessThanOrEqual(elapsed);
      a.stream.destroy();
      b.stream.destroy();
    } finally {
      await slow.stop();
    }
  });
});
