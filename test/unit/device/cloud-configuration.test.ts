import { describe, expect, it } from 'vitest';
import { buildCloudConfiguration, organizationMagic } from '../../../electron/device/cloud-configuration.js';
import { StepSpec } from '../../../electron/staging/blueprint.js';
import { ALL_SKIP_SETUP_KEYS } from '../../../electron/staging/steps/skip-setup.js';
import { cloudConfiguration } from '../../../electron/staging/steps/supervision.js';

const cert = Buffer.from([0x30, 0x82, 0x01, 0x0a]);
const identity = { organization: 'Lakeside', certificateDer: cert, sign: async (b: Buffer) => b };

describe('the one cloud configuration builder', () => {
  it('supervises with the station certificate, Configurator-style, with a blueprint\'s defaults', () => {
    const c = buildCloudConfiguration({ organization: { name: 'Lakeside' }, supervisorCertificate: cert });
    expect(c).toEqual({
      IsSupervised: true,
      AllowPairing: true,
      SkipSetup: [],
      OrganizationName: 'Lakeside',
      OrganizationMagic: organizationMagic(cert),
      SupervisorHostCertificates: [cert],
      ConfigurationSource: 2,
      IsMandatory: true,
      IsMDMUnremovable: false,
      IsMultiUser: false,
      CloudConfigurationUIComplete: true,
      ConfigurationWasApplied: true,
    });
  });

  it('derives OrganizationMagic from the certificate, so it is stable per identity', () => {
    expect(organizationMagic(cert)).toBe(organizationMagic(Buffer.from(cert)));
    expect(organizationMagic(cert)).not.toBe(organizationMagic(Buffer.from([0x30, 0x82, 0x01, 0x0b])));
    expect(organizationMagic(cert)).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('is what the staging supervise step sends: organization fields, pairing and skipped panes from the blueprint', () => {
    const spec = StepSpec.parse({ type: 'supervise', allowPairing: false, skipSetup: 'all', organization: { name: 'Acme', department: 'IT', phone: '555', email: 'it@acme.test', address: '1 Main St' } });
    if (spec.type !== 'supervise') throw new Error('not a supervise step');
    const fromStep = cloudConfiguration(spec, identity);
    expect(fromStep).toEqual(
      buildCloudConfiguration({ organization: { name: 'Acme', department: 'IT', phone: '555', email: 'it@acme.test', address: '1 Main St' }, supervisorCertificate: cert, allowPairing: false, skipSetup: ALL_SKIP_SETUP_KEYS }),
    );
    expect(fromStep).toMatchObject({ AllowPairing: false, SkipSetup: [...ALL_SKIP_SETUP_KEYS], OrganizationDepartment: 'IT', OrganizationPhone: '555', OrganizationEmail: 'it@acme.test', OrganizationAddress: '1 Main St' });
  });

  it('falls back to the identity\'s organization when the blueprint names none', () => {
    const spec = StepSpec.parse({ type: 'supervise' });
    if (spec.type !== 'supervise') throw new Error('not a supervise step');
    expect(cloudConfiguration(spec, identity)).toMatchObject({ OrganizationName: 'Lakeside', AllowPairing: true, SkipSetup: [] });
    expect(cloudConfiguration(spec, identity)).not.toHaveProperty('OrganizationDepartment');
  });
});
