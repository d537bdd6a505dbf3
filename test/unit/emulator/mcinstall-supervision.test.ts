import bplistCreator from 'bplist-creator';
import { build } from 'plist';
import { describe, expect, it } from 'vitest';
import { createMcInstallSession, isSupervised, organizationName, profileIdentifiers } from '../../emulator/mcinstall/index.js';
import type { McInstallSession } from '../../emulator/mcinstall/contract.js';
import { makeSession, nextTick } from './helpers/fake-device.js';
import { mdmPayload, profileDict, xml } from './helpers/profiles.js';
import { makeIdentity, signCms, type Identity } from './helpers/supervision-identity.js';

const supervisor = makeIdentity('Cartwright Supervisor');

/** pymobiledevice3 `supervise` sends this dictionary. */
function superviseConfig(identity: Identity): Record<string, unknown> {
  return {
    AllowPairing: true, CloudConfigurationUIComplete: true, ConfigurationSource: 2, ConfigurationWasApplied: true,
    IsMDMUnremovable: false, IsMandatory: true, IsMultiUser: false, IsSupervised: true,
    OrganizationMagic: '7B1B2D84-3A67-4A7E-9F0C-5A5E3C1B9E11', OrganizationName: 'Acme Schools',
    PostSetupProfileWasInstalled: true, SkipSetup: ['Location', 'Restore', 'Siri'],
    SupervisorHostCertificates: [identity.certDer],
  };
}

async function escalate(session: McInstallSession, identity: Identity): Promise<Record<string, unknown>> {
  const challenge = await session.handle({ RequestType: 'Escalate', SupervisorCertificate: identity.certDer });
  expect(challenge.Status).toBe('Acknowledged');
  expect((challenge.Challenge as Buffer).length).toBe(8);
  return session.handle({ RequestType: 'EscalateResponse', SignedRequest: signCms(challenge.Challenge as Buffer, identity) });
}

describe('MCInstall supervision flow', () => {
  it('supervises a fresh device, escalates, installs silently, lists, removes and erases', async () => {
    const { device, host, session } = makeSession();
    // go-ios Prepare's opening moves.
    expect(await session.handle({ RequestType: 'Flush' })).toEqual({ Status: 'Acknowledged' });
    expect(await session.handle({ RequestType: 'GetCloudConfiguration' })).toEqual({ Status: 'Acknowledged' });
    expect(await session.handle({ RequestType: 'HelloHostIdentifier' })).toEqual({ Status: 'Acknowledged' });
    expect(await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: superviseConfig(supervisor) }))
      .toEqual({ Status: 'Acknowledged' });
    expect(isSupervised(device)).toBe(true);
    expect(organizationName(device)).toBe('Acme Schools');
    const stored = await session.handle({ RequestType: 'GetCloudConfiguration' });
    expect(stored.CloudConfiguration).toMatchObject({ IsSupervised: true, OrganizationName: 'Acme Schools' });

    // Not escalated yet: the tunnel parser does not know InstallProfileSilent.
    const early = await session.handle({ RequestType: 'InstallProfileSilent', Payload: xml(profileDict('com.acme.wifi')) });
    expect(early).toEqual({ Status: 'CommandFormatError' });

    expect(await escalate(session, supervisor)).toEqual({ Status: 'Acknowledged' });
    expect(await session.handle({ RequestType: 'ProceedWithKeybagMigration' })).toEqual({ Status: 'Acknowledged' });

    const profiles = [
      profileDict('com.acme.restrictions', { organization: 'Acme', description: 'Camera off', removalDisallowed: true, version: 2 }),
      profileDict('com.acme.wifi'),
      profileDict('com.acme.mdm', { payloads: [mdmPayload('com.acme.mdm')] }),
    ];
    for (const profile of profiles) {
      expect(await session.handle({ RequestType: 'InstallProfileSilent', Payload: xml(profile) })).toEqual({ Status: 'Acknowledged' });
    }
    expect(profileIdentifiers(device)).toEqual(['com.acme.restrictions', 'com.acme.wifi', 'com.acme.mdm']);
    expect(device.profiles.every((p) => p.installedSilently)).toBe(true);
    expect(device.profiles[2]?.isMdm).toBe(true);

    const list = await session.handle({ RequestType: 'GetProfileList' });
    expect(list).toEqual({
      Status: 'Acknowledged',
      OrderedIdentifiers: ['com.acme.restrictions', 'com.acme.wifi', 'com.acme.mdm'],
      ProfileManifest: {
        'com.acme.restrictions': { Description: 'Profile com.acme.restrictions', IsActive: true },
        'com.acme.wifi': { Description: 'Profile com.acme.wifi', IsActive: true },
        'com.acme.mdm': { Description: 'Profile com.acme.mdm', IsActive: true },
      },
      ProfileMetadata: {
        'com.acme.restrictions': {
          PayloadDisplayName: 'Profile com.acme.restrictions', PayloadDescription: 'Camera off',
          PayloadOrganization: 'Acme', PayloadRemovalDisallowed: true, PayloadUUID: 'UUID-com.acme.restrictions',
          PayloadVersion: 2,
        },
        'com.acme.wifi': {
          PayloadDisplayName: 'Profile com.acme.wifi', PayloadRemovalDisallowed: false,
          PayloadUUID: 'UUID-com.acme.wifi', PayloadVersion: 1,
        },
        'com.acme.mdm': {
          PayloadDisplayName: 'Profile com.acme.mdm', PayloadRemovalDisallowed: false,
          PayloadUUID: 'UUID-com.acme.mdm', PayloadVersion: 1,
        },
      },
    });

    const removalDict = (id: string) => ({
      PayloadType: 'Configuration', PayloadIdentifier: id, PayloadUUID: `UUID-${id}`, PayloadVersion: 1,
    });
    // pymobiledevice3: XML plist in data.
    const byXml = Buffer.from(build(removalDict('com.acme.restrictions')), 'utf8');
    expect(await session.handle({ RequestType: 'RemoveProfile', ProfileIdentifier: byXml })).toEqual({ Status: 'Acknowledged' });
    // appium-ios-device: binary plist in data, as a plain Uint8Array the way plist 5 decodes <data>.
    const byBinary = new Uint8Array(bplistCreator(removalDict('com.acme.wifi')));
    expect(await session.handle({ RequestType: 'RemoveProfile', ProfileIdentifier: byBinary })).toEqual({ Status: 'Acknowledged' });
    expect(profileIdentifiers(device)).toEqual(['com.acme.mdm']);
    // go-ios: the identifier as a string.
    expect(await session.handle({ RequestType: 'RemoveProfile', ProfileIdentifier: 'com.acme.mdm' })).toEqual({ Status: 'Acknowledged' });
    expect(profileIdentifiers(device)).toEqual([]);
    // Unknown identifiers are acknowledged, like the Chaperone path does.
    expect(await session.handle({ RequestType: 'RemoveProfile', ProfileIdentifier: 'com.acme.unknown' })).toEqual({ Status: 'Acknowledged' });

    expect(await session.handle({ RequestType: 'EraseDevice', PreserveDataPlan: 1 })).toEqual({ Status: 'Acknowledged' });
    expect(host.erasures).toEqual([]); // the reply goes out first
    await nextTick();
    expect(host.erasures).toEqual([{ preserveDataPlan: true, disallowProximitySetup: false }]);
    expect(device.cloudConfiguration).toBeNull();
    expect(isSupervised(device)).toBe(false);
    expect(device.activationState).toBe('Unactivated');
    expect(device.counters).toMatchObject({
      SetCloudConfiguration: 1, Escalate: 1, EscalateResponse: 1, InstallProfileSilent: 4, RemoveProfile: 4, EraseDevice: 1,
    });
  });

  it('erases with the device defaults and refuses non-boolean options', async () => {
    const { host, session } = makeSession();
    expect(await session.handle({ RequestType: 'EraseDevice', PreserveDataPlan: 'yes' })).toEqual({ Status: 'CommandFormatError' });
    expect(await session.handle({ RequestType: 'EraseDevice', DisallowProximitySetup: true })).toEqual({ Status: 'Acknowledged' });
    await nextTick();
    expect(host.erasures).toEqual([{ preserveDataPlan: false, disallowProximitySetup: true }]);
  });

  it('keeps escalation per connection', async () => {
    const { device, host, session } = makeSession();
    await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: superviseConfig(supervisor) });
    expect(await escalate(session, supervisor)).toEqual({ Status: 'Acknowledged' });
    const other = createMcInstallSession(device, host);
    expect(await other.handle({ RequestType: 'InstallProfileSilent', Payload: xml(profileDict('a.b')) }))
      .toEqual({ Status: 'CommandFormatError' });
  });

  it('applies a wallpaper through Settings once escalated', async () => {
    const { device, session } = makeSession();
    await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: superviseConfig(supervisor) });
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32)]);
    const request = { RequestType: 'Settings', Settings: [{ Item: 'Wallpaper', Where: 3, Image: png }] };
    expect(await session.handle(request)).toEqual({ Status: 'CommandFormatError' });
    await escalate(session, supervisor);
    expect(await session.handle(request)).toEqual({ Status: 'Acknowledged', Settings: [{ Status: 'Acknowledged' }] });
    expect(device.settings.Wallpaper).toMatchObject({ where: 'both', format: 'png', bytes: png.length });
    const bad = await session.handle({ RequestType: 'Settings', Settings: [{ Item: 'Wallpaper', Where: 9, Image: png }] });
    expect((bad.Settings as { Status: string }[])[0]?.Status).toBe('Error');
  });

  it('issues an unlock token only without a passcode', async () => {
    const { device, session } = makeSession();
    await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: superviseConfig(supervisor) });
    await escalate(session, supervisor);
    device.passcodeSet = true;
    const refused = await session.handle({ RequestType: 'RequestUnlockToken' });
    expect((refused.ErrorChain as Record<string, unknown>[])[0]).toMatchObject({ ErrorCode: 37002, ErrorDomain: 'DMCKeybagErrorDomain' });
    device.passcodeSet = false;
    const token = await session.handle({ RequestType: 'RequestUnlockToken' });
    expect((token.UnlockToken as Buffer).length).toBeGreaterThan(0);
    expect(await session.handle({ RequestType: 'SecurityInfo' })).toMatchObject({ SecurityInfo: { PasscodePresent: false } });
  });
});
