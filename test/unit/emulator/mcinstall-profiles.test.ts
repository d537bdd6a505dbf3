import { describe, expect, it } from 'vitest';
import { installStoredProfile, profileIdentifiers } from '../../emulator/mcinstall/index.js';
import { makeSession } from './helpers/fake-device.js';
import { binary, mdmPayload, profileDict, signed, xml } from './helpers/profiles.js';
import { makeIdentity } from './helpers/supervision-identity.js';

const supervisor = makeIdentity('Cartwright Supervisor');
const profileSigner = makeIdentity('Acme Profile Signing');

function supervised() {
  const made = makeSession();
  made.device.cloudConfiguration = { IsSupervised: true, SupervisorHostCertificates: [supervisor.certDer] };
  return made;
}

function firstError(reply: Record<string, unknown>): Record<string, unknown> | undefined {
  expect(reply.Status).toBe('Error');
  return (reply.ErrorChain as Record<string, unknown>[])[0];
}

describe('InstallProfile encodings', () => {
  it('installs XML, binary, CMS-signed and dictionary payloads on a supervised device', async () => {
    const { device, session } = supervised();
    const payloads: unknown[] = [
      xml(profileDict('com.acme.xml')),
      new Uint8Array(binary(profileDict('com.acme.binary'))),
      signed(profileDict('com.acme.signed'), profileSigner),
      profileDict('com.acme.dict'),
    ];
    for (const Payload of payloads) {
      expect(await session.handle({ RequestType: 'InstallProfile', Payload })).toEqual({ Status: 'Acknowledged' });
    }
    expect(profileIdentifiers(device)).toEqual(['com.acme.xml', 'com.acme.binary', 'com.acme.signed', 'com.acme.dict']);
    const signedProfile = device.profiles[2];
    expect(signedProfile?.signerCertificates).toEqual([profileSigner.certDer]);
    expect(signedProfile?.plist.PayloadIdentifier).toBe('com.acme.signed');
    expect(signedProfile?.raw[0]).toBe(0x30);
    expect(device.profiles[3]?.raw.toString('utf8')).toContain('<plist');
    expect(device.profiles.some((p) => p.installedSilently)).toBe(false);
  });

  it('replaces a profile with the same identifier in place', async () => {
    const { device, session } = supervised();
    await session.handle({ RequestType: 'InstallProfile', Payload: xml(profileDict('a', { displayName: 'Old' })) });
    await session.handle({ RequestType: 'InstallProfile', Payload: xml(profileDict('b')) });
    await session.handle({ RequestType: 'InstallProfile', Payload: xml(profileDict('a', { displayName: 'New', uuid: 'U2' })) });
    expect(device.profiles.map((p) => [p.identifier, p.displayName])).toEqual([['a', 'New'], ['b', 'Profile b']]);
  });

  it('queues for user approval on an unsupervised device and does not list it', async () => {
    const { device, session } = makeSession();
    expect(await session.handle({ RequestType: 'InstallProfile', Payload: xml(profileDict('com.acme.wifi')) })).toEqual({ Status: 'Acknowledged' });
    expect(device.profiles).toEqual([]);
    expect(device.pendingProfiles?.map((p) => p.identifier)).toEqual(['com.acme.wifi']);
    expect(await session.handle({ RequestType: 'GetProfileList' }))
      .toEqual({ Status: 'Acknowledged', OrderedIdentifiers: [], ProfileManifest: {}, ProfileMetadata: {} });
    await session.handle({ RequestType: 'RemoveProfile', ProfileIdentifier: 'com.acme.wifi' });
    expect(device.pendingProfiles).toEqual([]);
  });
});

describe('InstallProfile errors', () => {
  it('answers PayloadEmpty without a Payload and 14000 for a Payload of the wrong type', async () => {
    const { session } = supervised();
    expect(await session.handle({ RequestType: 'InstallProfile' })).toEqual({ Status: 'PayloadEmpty' });
    expect(firstError(await session.handle({ RequestType: 'InstallProfile', Payload: 'text' })))
      .toMatchObject({ ErrorCode: 14000, ErrorDomain: 'DMCTunnelErrorDomain' });
  });

  it.each([
    ['garbage bytes', Buffer.from('definitely not a profile'), 1000],
    ['truncated XML', xml(profileDict('x')).subarray(0, 120), 1000],
    ['truncated binary plist', binary(profileDict('x')).subarray(0, 40), 1000],
    ['a plist that is not a dictionary', Buffer.from('<?xml version="1.0"?><plist version="1.0"><array/></plist>'), 1000],
    ['a missing PayloadIdentifier', xml({ ...profileDict('x'), PayloadIdentifier: undefined }), 1002],
    ['a PayloadUUID of the wrong type', xml({ ...profileDict('x'), PayloadUUID: 5 }), 1003],
    ['a PayloadType other than Configuration', xml({ ...profileDict('x'), PayloadType: 'com.apple.wifi.managed' }), 1010],
    ['duplicate payload UUIDs', xml(profileDict('x', { uuid: 'SAME', payloads: [{ PayloadType: 't', PayloadIdentifier: 'x.1', PayloadUUID: 'SAME' }] })), 1007],
    ['encrypted content', xml({ ...profileDict('x'), EncryptedPayloadContent: Buffer.from('sealed') }), 1006],
  ])('rejects %s with MCProfileErrorDomain %i', async (_name, payload, code) => {
    const { device, session } = supervised();
    const reply = await session.handle({ RequestType: 'InstallProfile', Payload: payload });
    expect(firstError(reply)).toMatchObject({ ErrorCode: code, ErrorDomain: 'MCProfileErrorDomain' });
    expect(device.profiles).toEqual([]);
  });

  it('rejects a payload that is not a dictionary with MCPayloadErrorDomain', async () => {
    const { session } = supervised();
    const reply = await session.handle({ RequestType: 'InstallProfile', Payload: xml(profileDict('x', { payloads: [{ PayloadType: 'only' }] })) });
    expect(firstError(reply)).toMatchObject({ ErrorCode: 2000, ErrorDomain: 'MCPayloadErrorDomain' });
  });

  it('rejects a signed profile whose signature does not verify, and a truncated one', async () => {
    const { session } = supervised();
    const good = signed(profileDict('com.acme.signed'), profileSigner);
    const tampered = Buffer.from(good);
    const at = tampered.indexOf(Buffer.from('com.acme.signed'));
    tampered[at] = 0x43; // 'C'
    expect(firstError(await session.handle({ RequestType: 'InstallProfile', Payload: tampered })))
      .toMatchObject({ ErrorCode: 1004, ErrorDomain: 'MCProfileErrorDomain' });
    expect(firstError(await session.handle({ RequestType: 'InstallProfile', Payload: good.subarray(0, 200) })))
      .toMatchObject({ ErrorCode: 1000, ErrorDomain: 'MCProfileErrorDomain' });
  });
});

describe('RemoveProfile', () => {
  it('answers CommandFormatError without an identifier and an error for unreadable data', async () => {
    const { session } = supervised();
    expect(await session.handle({ RequestType: 'RemoveProfile' })).toEqual({ Status: 'CommandFormatError' });
    expect(firstError(await session.handle({ RequestType: 'RemoveProfile', ProfileIdentifier: Buffer.from('junk') })))
      .toMatchObject({ ErrorDomain: 'MCProfileErrorDomain' });
  });
});

describe('StoreProfile / GetStoredProfile', () => {
  it('stores a PostSetupInstallation profile, returns it, and installs it when setup completes', async () => {
    const { device, session } = makeSession();
    const enrollment = xml(profileDict('com.acme.enroll', { payloads: [mdmPayload('com.acme.enroll')] }));
    expect(await session.handle({ RequestType: 'GetStoredProfile', Purpose: 'PostSetupInstallation' })).toEqual({ Status: 'Acknowledged' });
    expect(await session.handle({ RequestType: 'StoreProfile', ProfileData: enrollment, Purpose: 'PostSetupInstallation' }))
      .toEqual({ Status: 'Acknowledged' });
    expect(device.storedProfile).toEqual({ purpose: 'PostSetupInstallation', raw: enrollment });
    expect(await session.handle({ RequestType: 'GetStoredProfile', Purpose: 'PostSetupInstallation' }))
      .toEqual({ Status: 'Acknowledged', ProfileData: enrollment });
    expect(await session.handle({ RequestType: 'GetProfileList' })).toMatchObject({ OrderedIdentifiers: [] });

    const installed = installStoredProfile(device);
    expect(installed?.isMdm).toBe(true);
    expect(profileIdentifiers(device)).toEqual(['com.acme.enroll']);
    expect(device.storedProfile).toBeNull();
  });

  it('answers CommandFormatError for a wrong Purpose or missing data, and an ErrorChain for a bad profile', async () => {
    const { device, session } = makeSession();
    const good = xml(profileDict('p'));
    expect(await session.handle({ RequestType: 'StoreProfile', ProfileData: good, Purpose: 'Later' })).toEqual({ Status: 'CommandFormatError' });
    expect(await session.handle({ RequestType: 'StoreProfile', Purpose: 'PostSetupInstallation' })).toEqual({ Status: 'CommandFormatError' });
    expect(await session.handle({ RequestType: 'GetStoredProfile', Purpose: 'Now' })).toEqual({ Status: 'CommandFormatError' });
    expect(firstError(await session.handle({ RequestType: 'StoreProfile', ProfileData: Buffer.from('x'), Purpose: 'PostSetupInstallation' })))
      .toMatchObject({ ErrorCode: 1000 });
    expect(device.storedProfile).toBeNull();
  });
});

describe('request dispatch', () => {
  it('counts every request, answers unknown ones with CommandFormatError and Disconnect with Acknowledged', async () => {
    const { device, session } = makeSession();
    expect(await session.handle({ RequestType: 'MakeCoffee' })).toEqual({ Status: 'CommandFormatError' });
    expect(await session.handle({})).toEqual({ Status: 'CommandFormatError' });
    expect(await session.handle({ RequestType: 'Disconnect' })).toEqual({ Status: 'Acknowledged' });
    expect(await session.handle({ RequestType: 'SetWiFiPowerState', PowerState: true })).toEqual({ Status: 'Acknowledged' });
    await session.handle({ RequestType: 'HelloHostIdentifier' });
    await session.handle({ RequestType: 'HelloHostIdentifier' });
    expect(device.counters).toEqual({ MakeCoffee: 1, '(none)': 1, Disconnect: 1, SetWiFiPowerState: 1, HelloHostIdentifier: 2 });
  });

  it('does not accept supervised-only requests before escalation', async () => {
    const { session } = supervised();
    for (const RequestType of ['InstallProfileSilent', 'ProceedWithKeybagMigration', 'RequestUnlockToken', 'Settings', 'ClearPasscode']) {
      expect(await session.handle({ RequestType })).toEqual({ Status: 'CommandFormatError' });
    }
  });
});
