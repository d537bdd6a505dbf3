import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import type { PlistDict } from './plist-codec.js';
import { PlistChannel, cmsSign, makeHostIdentity, makeSupervisor, muxConnect, pairRecordOf, startSession, type HostIdentity } from './test-client.js';
import { testCart } from './test-helpers.js';

const LOCKDOWN = 62078;

describe('supervised pairing on a device supervised with AllowPairing=true (TypeScript host)', () => {
  let cart: VirtualCart;
  let udid: string;
  let host: HostIdentity;
  const buid = 'B1D0C0DE-0000-4000-8000-000000000002';
  const supervisor = makeSupervisor('Cartwright Test Supervisor');

  const lockdown = async (): Promise<PlistChannel> => new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, LOCKDOWN));
  const pair = async (who: HostIdentity, options: PlistDict): Promise<PlistDict> =>
    (await lockdown()).request({ Request: 'Pair', PairRecord: pairRecordOf(who, buid), ProtocolVersion: '2', PairingOptions: options });
  const challengeOf = (reply: PlistDict): Buffer => (reply.ExtendedResponse as PlistDict).PairingChallenge as Buffer;

  beforeAll(async () => {
    cart = await testCart({ devices: 1 });
    udid = cart.devices()[0]!.udid;
    cart.activate(udid);
    const key = (await (await lockdown()).request({ Request: 'GetValue', Key: 'DevicePublicKey' })).Value as Buffer;
    host = makeHostIdentity(key.toString());
    expect(await pair(host, { ExtendedPairingErrors: true })).toHaveProperty('EscrowBag');
    const session = await startSession(await lockdown(), host, buid);
    const started = await session.request({ Request: 'StartService', Service: 'com.apple.mobile.MCInstall' });
    const mc = new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, started.Port as number));
    const set = await mc.request({
      RequestType: 'SetCloudConfiguration',
      CloudConfiguration: { IsSupervised: true, AllowPairing: true, OrganizationName: 'Cartwright Test', SupervisorHostCertificates: [supervisor.certDer] },
    });
    expect(set.Status).toBe('Acknowledged');
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('answers a presented supervisor certificate with MCChallengeRequired, even though pairing is allowed', async () => {
    const other = makeHostIdentity(((await (await lockdown()).request({ Request: 'GetValue', Key: 'DevicePublicKey' })).Value as Buffer).toString());
    const challenged = await pair(other, { SupervisorCertificate: supervisor.certDer, ExtendedPairingErrors: true });
    expect(challenged.Error).toBe('MCChallengeRequired');
    const ok = await pair(other, { ChallengeResponse: cmsSign(challengeOf(challenged), supervisor.certPem, supervisor.keyPem), ExtendedPairingErrors: true });
    expect(ok).toHaveProperty('EscrowBag');
    expect(cart.device(udid).pairedHostIds).toContain(other.hostId);
  });

  it('locked: the accepted challenge answers success without EscrowBag and the device stores nothing', async () => {
    const key = ((await (await lockdown()).request({ Request: 'GetValue', Key: 'DevicePublicKey' })).Value as Buffer).toString();
    const late = makeHostIdentity(key);
    cart.lock(udid);
    try {
      // Without the certificate a locked device still asks for its passcode.
      expect((await pair(late, { ExtendedPairingErrors: true })).Error).toBe('PasswordProtected');
      const challenged = await pair(late, { SupervisorCertificate: supervisor.certDer, ExtendedPairingErrors: true });
      expect(challenged.Error).toBe('MCChallengeRequired');
      const reply = await pair(late, { ChallengeResponse: cmsSign(challengeOf(challenged), supervisor.certPem, supervisor.keyPem), ExtendedPairingErrors: true });
      expect(reply).toEqual({ Request: 'Pair' });
      expect(cart.device(udid).pairedHostIds).not.toContain(late.hostId);
      const session = await (await lockdown()).request({ Request: 'StartSession', HostID: late.hostId, SystemBUID: buid });
      expect(session.Error).toBe('InvalidHostID');
    } finally {
      cart.unlock(udid);
    }
  });
});
