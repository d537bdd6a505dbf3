import { createHash } from 'node:crypto';
import type { StepOf } from '../blueprint.js';
import type { DeviceFacts, SupervisorIdentity } from '../device-port.js';
import { StagingError } from '../device-port.js';
import { ALL_SKIP_SETUP_KEYS } from './skip-setup.js';

export function supervisedByUs(facts: DeviceFacts, identity: SupervisorIdentity | null): boolean {
  if (!identity || !facts.supervised) return false;
  return facts.supervisorCertificates.some((c) => c.equals(identity.certificateDer));
}

export function requireIdentity(identity: SupervisorIdentity | null): SupervisorIdentity {
  if (!identity) {
    throw new StagingError(
      'INVALID_INPUT',
      'This blueprint supervises devices, but the station has no supervision identity.',
      'Create or import one: cartwright identity create --org NAME … or identity import FILE.p12, or pass --identity FILE.p12 --password PW.',
    );
  }
  return identity;
}

/** OrganizationMagic ties devices to one organization; derive it from the certificate so it is stable per identity. */
export function organizationMagic(identity: SupervisorIdentity): string {
  const h = createHash('sha256').update(identity.certificateDer).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

/** The cloud configuration Configurator's Prepare sends (device-protocols §4.6). */
export function cloudConfiguration(spec: StepOf<'supervise'>, identity: SupervisorIdentity): Record<string, unknown> {
  const org = spec.organization;
  return {
    IsSupervised: true,
    AllowPairing: spec.allowPairing,
    SkipSetup: spec.skipSetup === 'all' ? [...ALL_SKIP_SETUP_KEYS] : spec.skipSetup,
    OrganizationName: org?.name ?? identity.organization,
    ...(org?.department ? { OrganizationDepartment: org.department } : {}),
    ...(org?.phone ? { OrganizationPhone: org.phone } : {}),
    ...(org?.email ? { OrganizationEmail: org.email } : {}),
    ...(org?.address ? { OrganizationAddress: org.address } : {}),
    OrganizationMagic: organizationMagic(identity),
    SupervisorHostCertificates: [identity.certificateDer],
    ConfigurationSource: 2,
    IsMandatory: true,
    IsMDMUnremovable: false,
    IsMultiUser: false,
    CloudConfigurationUIComplete: true,
    ConfigurationWasApplied: true,
  };
}
