import { describe, expect, it } from 'vitest';
import { completeSetupAssistant } from '../../emulator/mcinstall/index.js';
import { makeSession, nextTick } from './helpers/fake-device.js';
import { makeIdentity } from './helpers/supervision-identity.js';

const supervisor = makeIdentity('Cartwright Supervisor');
const config = { IsSupervised: true, OrganizationName: 'Acme', SupervisorHostCertificates: [supervisor.certDer], AllowPairing: true };

function firstError(reply: Record<string, unknown>): Record<string, unknown> | undefined {
  expect(reply.Status).toBe('Error');
  return (reply.ErrorChain as Record<string, unknown>[])[0];
}

describe('SetCloudConfiguration preconditions (§4.8)', () => {
  it('refuses a second configuration with DMCTunnelErrorDomain 14002 until the device is erased', async () => {
    const { device, session } = makeSession();
    expect(await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: config })).toEqual({ Status: 'Acknowledged' });
    const again = await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: { ...config, OrganizationName: 'Other' } });
    expect(firstError(again)).toEqual({
      ErrorCode: 14002,
      ErrorDomain: 'DMCTunnelErrorDomain',
      LocalizedDescription: expect.any(String),
      USEnglishDescription: expect.any(String),
    });
    expect(device.cloudConfiguration?.OrganizationName).toBe('Acme');

    await session.handle({ RequestType: 'EraseDevice' });
    await nextTick();
    // Erased devices come back unactivated: activation is needed before supervising again.
    const unactivated = await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: config });
    expect(firstError(unactivated)).toMatchObject({ ErrorCode: 33003, ErrorDomain: 'MCCloudConfigErrorDomain' });
    device.activationState = 'Activated';
    expect(await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: config })).toEqual({ Status: 'Acknowledged' });
  });

  it('answers GetCloudConfiguration without the key while the device is in Setup Assistant', async () => {
    const { session } = makeSession();
    expect(await session.handle({ RequestType: 'GetCloudConfiguration' })).toEqual({ Status: 'Acknowledged' });
  });

  it("refuses a device whose Setup Assistant is finished with 14002, after showing Setup's own record", async () => {
    const { device, session } = makeSession();
    completeSetupAssistant(device);
    expect(await session.handle({ RequestType: 'GetCloudConfiguration' })).toEqual({
      Status: 'Acknowledged',
      CloudConfiguration: { AllowPairing: true, CloudConfigurationUIComplete: true, IsSupervised: false, PostSetupProfileWasInstalled: false },
    });
    const reply = await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: config });
    expect(firstError(reply)).toMatchObject({ ErrorCode: 14002, ErrorDomain: 'DMCTunnelErrorDomain' });
    expect(device.cloudConfiguration?.IsSupervised).toBe(false);
  });

  it('refuses an unactivated device with MCCloudConfigErrorDomain 33003', async () => {
    const { device, session } = makeSession({ activationState: 'Unactivated' });
    const reply = await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: config });
    expect(firstError(reply)).toMatchObject({
      ErrorCode: 33003,
      ErrorDomain: 'MCCloudConfigErrorDomain',
      LocalizedDescription: 'Cannot store cloud configuration because this device is not activated.',
    });
    expect(device.cloudConfiguration).toBeNull();
  });

  it('accepts a factory-activated device', async () => {
    const { session } = makeSession({ activationState: 'FactoryActivated' });
    expect(await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: config })).toEqual({ Status: 'Acknowledged' });
  });

  it('refuses an ADE-assigned device with 33004, whatever ConfigurationSource the host claims', async () => {
    const { device, session } = makeSession({ adeAssigned: true });
    const reply = await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: { ...config, ConfigurationSource: 1 } });
    expect(firstError(reply)).toMatchObject({
      ErrorCode: 33004,
      LocalizedDescription: 'This device must be configured via the Device Enrollment Program.',
    });
    expect(device.cloudConfiguration).toBeNull();
  });

  it('rejects wrongly typed keys with 33002', async () => {
    const { session } = makeSession();
    for (const bad of [{ IsSupervised: 'yes' }, { SkipSetup: 'Location' }, { SupervisorHostCertificates: ['pem'] }, { OrganizationName: 7 }]) {
      const reply = await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: bad });
      expect(firstError(reply)).toMatchObject({ ErrorCode: 33002, ErrorDomain: 'MCCloudConfigErrorDomain' });
    }
    const missing = await session.handle({ RequestType: 'SetCloudConfiguration' });
    expect(firstError(missing)).toMatchObject({ ErrorCode: 33002 });
  });

  it('cannot supervise a User Enrollment device', async () => {
    const { device, session } = makeSession({ userEnrollment: true });
    const reply = await session.handle({ RequestType: 'SetCloudConfiguration', CloudConfiguration: config });
    expect(firstError(reply)).toMatchObject({ ErrorDomain: 'MCCloudConfigErrorDomain' });
    expect(device.cloudConfiguration).toBeNull();
  });

  it('normalises what the host sent as the tunnel parser does (§4.6)', async () => {
    const { device, host, session } = makeSession();
    await session.handle({
      RequestType: 'SetCloudConfiguration',
      CloudConfiguration: { ...config, ConfigurationSource: 5, IsMandatory: false, IsMDMUnremovable: true, AllowPairing: false },
    });
    expect(device.cloudConfiguration).toMatchObject({
      ConfigurationSource: 2, IsMandatory: true, IsMDMUnremovable: false,
      CloudConfigurationUIComplete: true, ConfigurationWasApplied: true, AllowPairing: false,
    });
    expect(host.pairingDeletions).toBe(1);
  });

  it('leaves the UI flags alone when a configuration URL is present', async () => {
    const { device, host, session } = makeSession();
    await session.handle({
      RequestType: 'SetCloudConfiguration',
      CloudConfiguration: { ConfigurationURL: 'https://mdm.example.com/enroll', CloudConfigurationUIComplete: false },
    });
    expect(device.cloudConfiguration).toMatchObject({ CloudConfigurationUIComplete: false });
    expect(device.cloudConfiguration).not.toHaveProperty('ConfigurationWasApplied');
    expect(host.pairingDeletions).toBe(0);
  });
});

describe('EstablishProvisionalEnrollment', () => {
  it('is refused once Setup Assistant is done and needs a Nonce', async () => {
    expect(await makeSession({ setupCompleted: true }).session.handle({ RequestType: 'EstablishProvisionalEnrollment', Nonce: Buffer.from('n') }))
      .toEqual({ Status: 'ProvisionalEnrollmentRejected' });
    expect(await makeSession().session.handle({ RequestType: 'EstablishProvisionalEnrollment' })).toEqual({ Status: 'NonceNotReceived' });
  });
});
