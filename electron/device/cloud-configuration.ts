/**
 * The cloud configuration the station sets to supervise a device, shaped like Apple
 * Configurator's Prepare (docs/device-protocols.md §4.6). The one builder: the staging engine's
 * supervise step (staging/steps/supervision.ts) and McInstall.supervise both use it. Pure:
 * unit-tested.
 */
import { createHash } from 'node:crypto';

export interface SupervisionOrganization {
  name: string;
  department?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
}

export interface SuperviseOptions {
  organization: SupervisionOrganization;
  /** DER of the supervision identity's certificate; later Escalate calls must present these bytes. */
  supervisorCertificate: Buffer;
  /** False deletes other host pairings and allows only supervisor-authenticated pairing. Default true, as a blueprint's. */
  allowPairing?: boolean;
  /** Setup Assistant panes to skip (a blueprint's list, already expanded). Default none, as a blueprint's. */
  skipSetup?: readonly string[];
}

/**
 * OrganizationMagic ties devices to one organization; derived from the certificate so it is stable
 * per identity (a device supervised twice by the same station reads the same organization).
 */
export function organizationMagic(supervisorCertificate: Buffer): string {
  const h = createHash('sha256').update(supervisorCertificate).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

export function buildCloudConfiguration(o: SuperviseOptions): Record<string, unknown> {
  const org = o.organization;
  return {
    IsSupervised: true,
    AllowPairing: o.allowPairing ?? true,
    SkipSetup: [...(o.skipSetup ?? [])],
    OrganizationName: org.name,
    ...(org.department ? { OrganizationDepartment: org.department } : {}),
    ...(org.phone ? { OrganizationPhone: org.phone } : {}),
    ...(org.email ? { OrganizationEmail: org.email } : {}),
    ...(org.address ? { OrganizationAddress: org.address } : {}),
    OrganizationMagic: organizationMagic(o.supervisorCertificate),
    SupervisorHostCertificates: [o.supervisorCertificate],
    ConfigurationSource: 2,
    IsMandatory: true,
    IsMDMUnremovable: false,
    IsMultiUser: false,
    CloudConfigurationUIComplete: true,
    ConfigurationWasApplied: true,
  };
}
