import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { decodeDict, encodeXml, type PlistDict } from './plist-codec.js';
import { PlistChannel, makeHostIdentity, muxConnect, pairRecordOf, startSession, type HostIdentity } from './test-client.js';
import { testCart } from './test-helpers.js';

const LOCKDOWN = 62078;
const BUID = 'B1D0C0DE-0000-4000-8000-00000000A11B';

/** A TypeScript host that pairs, then opens services: no station code involved. */
class Host {
  private identity: HostIdentity | null = null;
  constructor(
    private readonly cart: VirtualCart,
    readonly udid: string,
  ) {}

  private async lockdown(): Promise<PlistChannel> {
    return new PlistChannel(await muxConnect(this.cart.usbmuxAddress, this.cart.device(this.udid).deviceId, LOCKDOWN));
  }

  async session(): Promise<PlistChannel> {
    if (!this.identity) {
      const key = (await (await this.lockdown()).request({ Request: 'GetValue', Key: 'DevicePublicKey' })).Value as Buffer;
      this.identity = makeHostIdentity(key.toString());
      const paired = await (await this.lockdown()).request({ Request: 'Pair', PairRecord: pairRecordOf(this.identity, BUID), ProtocolVersion: '2' });
      expect(paired.Error).toBeUndefined();
    }
    return startSession(await this.lockdown(), this.identity, BUID);
  }

  async startService(name: string): Promise<PlistDict> {
    return (await this.session()).request({ Request: 'StartService', Service: name });
  }

  /** One mobileactivationd command on its own connection. */
  async activation(body: PlistDict): Promise<PlistDict> {
    const started = await this.startService('com.apple.mobileactivationd');
    expect(started.Error).toBeUndefined();
    return new PlistChannel(await muxConnect(this.cart.usbmuxAddress, this.cart.device(this.udid).deviceId, started.Port as number)).request(body);
  }
}

async function post(url: string, body: Buffer | string, contentType: string): Promise<{ status: number; type: string; body: Buffer; headers: Record<string, string> }> {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'Content-Type': contentType } });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()), headers };
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

/** Session mode up to Apple's deviceActivation reply, as a host does it (pymobiledevice3's order). */
async function sessionActivationReply(cart: VirtualCart, host: Host) {
  const info = await host.activation({ Command: 'CreateTunnel1SessionInfoRequest' });
  const handshake = await post(`${cart.activationUrl}/drmHandshake`, encodeXml(info.Value as PlistDict), 'application/x-apple-plist');
  expect(handshake.status).toBe(200);
  const activationInfo = await host.activation({ Command: 'CreateTunnel1ActivationInfoRequest', Value: handshake.body });
  expect(activationInfo.Error).toBeUndefined();
  return post(`${cart.activationUrl}/deviceActivation`, form({ 'activation-info': encodeXml(activationInfo.Value as PlistDict).toString() }), FORM);
}

describe('activation: devices and the stand-in activation server', () => {
  let cart: VirtualCart;

  beforeAll(async () => {
    cart = await testCart({ devices: 4 });
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('starts devices Unactivated at Hello and serves the stand-in on loopback', () => {
    expect(cart.activationUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/deviceservices$/);
    for (const d of cart.devices()) expect(d.activationState).toBe('Unactivated');
  });

  it('activates through session info → drmHandshake → activation info → record → HandleActivationInfoWithSessionRequest', async () => {
    const host = new Host(cart, cart.devices()[0]!.udid);
    const reply = await sessionActivationReply(cart, host);
    expect(reply.type).toBe('text/xml');
    const record = decodeDict(reply.body).ActivationRecord as PlistDict;
    expect(Object.keys(record)).toEqual(expect.arrayContaining(['AccountToken', 'AccountTokenSignature', 'DeviceCertificate', 'FairPlayKeyData', 'unbrick']));
    const handled = await host.activation({ Command: 'HandleActivationInfoWithSessionRequest', Value: reply.body, ActivationResponseHeaders: reply.headers });
    expect(handled).toEqual({ Value: {} });
    expect(cart.device(host.udid).activationState).toBe('Activated');
    expect(cart.device(host.udid).counters).toMatchObject({ CreateTunnel1SessionInfoRequest: 1, CreateTunnel1ActivationInfoRequest: 1, HandleActivationInfoWithSessionRequest: 1 });
    expect(cart.activationRequests()).toMatchObject({ drmHandshake: expect.any(Number), deviceActivation: expect.any(Number) });
  });

  it('refuses a record that Apple did not sign, or that answers another device', async () => {
    const [, second, third] = cart.devices();
    const b = new Host(cart, second!.udid);
    const forged = encodeXml({ ActivationRecord: { AccountToken: Buffer.from(`{\n\t"UniqueDeviceID" = "${b.udid}";\n}`), AccountTokenSignature: Buffer.alloc(64, 1) } });
    expect((await b.activation({ Command: 'HandleActivationInfoWithSessionRequest', Value: forged })).Error).toMatch(/not signed/);

    const c = new Host(cart, third!.udid);
    const replyForB = await sessionActivationReply(cart, b);
    expect((await c.activation({ Command: 'HandleActivationInfoWithSessionRequest', Value: replyForB.body })).Error).toMatch(/another device/);
    expect(cart.device(c.udid).activationState).toBe('Unactivated');
  });

  it('rejects a drmHandshake that no device of the cart made, and answers an unknown device with "Device Unknown"', async () => {
    const bad = await post(`${cart.activationUrl}/drmHandshake`, encodeXml({ HandshakeRequestMessage: Buffer.alloc(80, 7) }), 'application/x-apple-plist');
    expect(bad.status).toBe(400);
    const inner = encodeXml({ DeviceID: { UniqueDeviceID: '00008110-00000000DEADBEEF', SerialNumber: 'XXXX' }, ActivationRequestInfo: { ActivationRandomness: 'R' } });
    const info = encodeXml({ ActivationInfoXML: inner, FairPlaySignature: Buffer.alloc(32), serverKP: Buffer.alloc(8) }).toString();
    const unknown = await post(`${cart.activationUrl}/deviceActivation`, form({ 'activation-info': info }), FORM);
    expect(unknown.type).toBe('application/x-buddyml');
    expect(unknown.body.toString()).toMatch(/<xmlui>\s*<navigationBar title="Device Unknown"/);
  });

  it('answers an Activation-Locked device with the Apple ID page, never a record', async () => {
    const locked = cart.addDevice({ faults: ['activation-lock'] });
    const host = new Host(cart, locked.udid);
    const reply = await sessionActivationReply(cart, host);
    expect(reply.type).toBe('application/x-buddyml');
    expect(reply.body.toString()).toMatch(/<page>[\s\S]*navigationBar title="Activation Lock"[\s\S]*editableTextRow id="login"/);
    expect(cart.device(locked.udid).activationState).toBe('Unactivated');
  });

  it('iOS 9.3.5: no sessions; CreateActivationInfoRequest, an HTML-wrapped record, HandleActivationInfoRequest', async () => {
    const legacy = cart.addDevice({ productVersion: '9.3.5' });
    const host = new Host(cart, legacy.udid);
    expect((await host.activation({ Command: 'CreateTunnel1SessionInfoRequest' })).Error).toBeDefined();
    const info = await host.activation({ Command: 'CreateActivationInfoRequest' });
    const reply = await post(`${cart.activationUrl}/deviceActivation`, form({ 'activation-info': encodeXml(info.Value as PlistDict).toString() }), FORM);
    expect(reply.type).toBe('text/html');
    const plist = /<script id="protocol" type="text\/x-apple-plist">([\s\S]*?)<\/script>/.exec(reply.body.toString())?.[1];
    const node = decodeDict(Buffer.from(plist ?? ''))['device-activation'] as PlistDict;
    expect(await host.activation({ Command: 'HandleActivationInfoRequest', Value: node['activation-record'] })).toEqual({ Value: {} });
    expect(cart.device(legacy.udid).activationState).toBe('Activated');
  });

  it('before iOS 9.3: no mobileactivationd; lockdown ActivationInfo and Activate, multipart form with the lockdown fields', async () => {
    const old = cart.addDevice({ productVersion: '9.2.1' });
    const host = new Host(cart, old.udid);
    expect((await host.startService('com.apple.mobileactivationd')).Error).toBe('InvalidService');
    const session = await host.session();
    const info = (await session.request({ Request: 'GetValue', Key: 'ActivationInfo' })).Value as PlistDict;
    const serial = (await session.request({ Request: 'GetValue', Key: 'SerialNumber' })).Value as string;
    const body = new FormData();
    body.set('InStoreActivation', 'false');
    body.set('AppleSerialNumber', serial);
    // libideviceactivation sends a bare <dict> in a multipart form.
    const xml = encodeXml(info).toString();
    body.set('activation-info', xml.slice(xml.indexOf('<dict>'), xml.lastIndexOf('</plist>')));
    const res = await fetch(`${cart.activationUrl}/deviceActivation`, { method: 'POST', body });
    const plist = /type="text\/x-apple-plist">([\s\S]*?)<\/script>/.exec(await res.text())?.[1];
    const record = (decodeDict(Buffer.from(plist ?? ''))['device-activation'] as PlistDict)['activation-record'];
    expect((await session.request({ Request: 'Activate', ActivationRecord: { AccountToken: Buffer.from('x') } })).Error).toBe('InvalidActivationRecord');
    expect(await session.request({ Request: 'Activate', ActivationRecord: record })).toEqual({ Request: 'Activate' });
    expect(cart.device(old.udid).activationState).toBe('Activated');
  });

  it('erase leaves a device Unactivated again', async () => {
    const udid = cart.devices()[0]!.udid;
    expect(cart.device(udid).activationState).toBe('Activated');
    cart.erase(udid);
    const back = await cart.waitFor(udid, (d) => d.connected && d.activationState === 'Unactivated');
    expect(back.activationState).toBe('Unactivated');
  });
});

describe('activation: the `activated` option keeps the old population', () => {
  it('starts every device Activated, in Setup Assistant', async () => {
    const cart = await testCart({ devices: 2, activated: true });
    try {
      for (const d of cart.devices()) expect(d).toMatchObject({ activationState: 'Activated', setupCompleted: false });
    } finally {
      await cart.stop();
    }
  });
});
