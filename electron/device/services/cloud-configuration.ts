/**
 * The cloud configuration the station sets to supervise a device, shaped like Apple
 * Configurator's / pymobiledevice3's (§4.6). Pure: unit-tested.
 */
import { randomUUID } from 'node:crypto';

export interface SuperviseOptions {
  organizationName: string;
  /** DER of the supervision identity's certificate; later Escalate calls must present these bytes. */
  supervisorCertificate: Buffer;
  /** False deletes other host pairings and allows only supervisor-authenticated pairing. Default true. */
  allowPairing?: boolean;
  skipSetup?: string[];
  organizationMagic?: string;
  department?: string;
  phone?: string;
  email?: string;
  /** MDM enrollment URL for Setup Assistant, when enrolling through the cloud configuration. */
  configurationUrl?: string;
}

export const DEFAULT_SKIP_SETUP = ['Location', 'Restore', 'Android', 'AppleID', 'TOS', 'Siri', 'ScreenTime', 'Diagnostics', 'Privacy', 'Welcome'];

export function buildCloudConfiguration(o: SuperviseOptions): Record<string, unknown> {
  return {
    AllowPairing: o.allowPairing ?? true,
    CloudConfigurationUIComplete: true,
    ConfigurationSource: 2,
    ConfigurationWasApplied: true,
    IsMDMUnremovable: false,
    IsMandatory: true,
    IsMultiUser: false,
    IsSupervised: true,
    OrganizationMagic: o.organizationMagic ?? randomUUID().toUpperCase(),
    OrganizationName: o.organizationName,
    PostSetupProfileWasInstalled: true,
    SkipSetup: o.skipSetup ?? DEFAULT_SKIP_SETUP,
    SupervisorHostCertificates: [o.supervisorCertificate],
    ...(o.department ? { OrganizationDepartment: o.department } : {}),
    ...(o.phone ? { OrganizationPhone: o.phone } : {}),
    ...(o.email ? { OrganizationEmail: o.email } : {}),
    ...(o.configurationUrl ? { ConfigurationURL: o.configurationUrl } : {}),
  };
}
