import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import type { PlistDict } from './plist-codec.js';
import {
  PlistChannel, cmsSign, makeHostIdentity, makeSupervisor, muxConnect, pairRecordOf, startSession, type HostIdentity,
} from './test-client.js';
import { testCart, tool } from './test-helpers.js';

const LOCKDOWN = 62078;

describe('MCInstall plumbing and supervised pairing (TypeScript host)', () => {
  let cart: VirtualCart;
  let udid: string;
  let host: HostIdentity;
  const buid = 'B1D0C0DE-0000-4000-8000-000000000001';
  const supervisor = makeSupervisor('Cartwright Test Supervisor');

  const lockdown = async (): Promise<PlistChannel> => new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, LOCKDOWN));

  const openMcInstall = async (): Promise<PlistChannel> => {
    const session = await startSession(await lockdown(), host, buid);
    const started = await session.request({ Request: 'StartService', Service: 'com.apple.mobile.MCInstall' });
    expect(started).toMatchObject({ Request: 'StartService', EnableServiceSSL: false });
    expect(Number.isInteger(started.Port)).toBe(true);
    return new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, started.Port as number));
  };

  const pair = async (options: PlistDict): Promise<PlistDict> =>
    (await lockdown()).request({ Request: 'Pair', PairRecord: pairRecordOf(host, buid), ProtocolVersion: '2', PairingOptions: options });

  beforeAll(async () => {
    // Supervision plumbing, not activation: a device already activated, in Setup Assistant.
    cart = await testCart({ devices: 1, activated: true });
    udid = cart.devices()[0]!.udid;
    const key = (await (await lockdown()).request({ Request: 'GetValue', Key: 'DevicePublicKey' })).Value as Buffer;
    host = makeHostIdentity(key.toString());
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('StartService needs a session', async () => {
    const reply = await (await lockdown()).request({ Request: 'StartService', Service: 'com.apple.mobile.MCInstall' });
    expect(reply).toMatchObject({ Request: 'StartService', Error: 'InvalidService' });
  });

  it('supervises through MCInstall; AllowPairing=false drops pairings and demands the supervisor challenge', async () => {
    expect(await pair({ ExtendedPairingErrors: true })).toHaveProperty('EscrowBag');
    const mc = await openMcInstall();
    const set = await mc.request({
      RequestType: 'SetCloudConfiguration',
      CloudConfiguration: {
        AllowPairing: false,
        IsSupervised: true,
        OrganizationName: 'Cartwright Test',
        OrganizationMagic: 'A1B2',
        SkipSetup: ['Location'],
        SupervisorHostCertificates: [supervisor.certDer],
      },
    });
    expect(set.Status).toBe('Acknowledged');
    const view = cart.device(udid);
    expect(view).toMatchObject({ supervised: true, organizationName: 'Cartwright Test', pairedHostIds: [] });
    expect(view.counters.SetCloudConfiguration).toBe(1);

    // A normal host (the Debian tool) can no longer pair.
    expect((await tool(cart, 'idevicepair', ['-u', udid, 'pair'])).code).not.toBe(0);

    const challenged = await pair({ SupervisorCertificate: supervisor.certDer, ExtendedPairingErrors: true });
    expect(challenged.Error).toBe('MCChallengeRequired');
    const challenge = (challenged.ExtendedResponse as PlistDict).PairingChallenge as Buffer;
    expect(Buffer.isBuffer(challenge)).toBe(true);

    // Signed by someone else: refused.
    const stranger = makeSupervisor('Someone Else');
    const wrong = await pair({ ChallengeResponse: cmsSign(challenge, stranger.certPem, stranger.keyPem), ExtendedPairingErrors: true });
    expect(wrong.Error).toBe('MCProtected');

    const again = await pair({ SupervisorCertificate: supervisor.certDer, ExtendedPairingErrors: true });
    const fresh = (again.ExtendedResponse as PlistDict).PairingChallenge as Buffer;
    const ok = await pair({ ChallengeResponse: cmsSign(fresh, supervisor.certPem, supervisor.keyPem), ExtendedPairingErrors: true });
    expect(ok).toHaveProperty('EscrowBag');
    expect(cart.device(udid).pairedHostIds).toEqual([host.hostId]);
  });

  it('EraseDevice: acknowledged, then Detached, re-attached unactivated and unpaired with a new DeviceID', async () => {
    const before = cart.device(udid);
    const mc = await openMcInstall();
    const reply = await mc.request({ RequestType: 'EraseDevice', PreserveDataPlan: true });
    expect(reply.Status).toBe('Acknowledged');
    const after = await cart.waitFor(udid, (d) => d.connected && d.deviceId !== before.deviceId);
    expect(after).toMatchObject({ activationState: 'Unactivated', pairedHostIds: [], supervised: false, cloudConfiguration: null, profiles: [] });
    expect(after.counters.EraseDevice).toBe(1);
    const stale = await (await lockdown()).request({ Request: 'StartSession', HostID: host.hostId, SystemBUID: buid });
    expect(stale.Error).toBe('InvalidHostID');
  });
});
