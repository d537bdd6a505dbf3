/**
 * Get/SetCloudConfiguration (§4.6): the tunnel parser's normalisation, then the checks of
 * MCCloudConfigurationWriter in the device's order (activated → valid → not ADE → pairings).
 */
import type { McInstallDevice, McInstallHost } from './contract.js';
import { isData, isDict, isNumber, type Dict } from './plist-data.js';
import { Errors, acknowledged, errorReply, type Reply } from './reply.js';

const STRING_KEYS = [
  'OrganizationName', 'OrganizationShortName', 'OrganizationDepartment', 'OrganizationAddress',
  'OrganizationAddressLine1', 'OrganizationAddressLine2', 'OrganizationAddressLine3', 'OrganizationCity',
  'OrganizationRegion', 'OrganizationZipCode', 'OrganizationCountry', 'OrganizationPhone', 'OrganizationMagic',
  'OrganizationEmail', 'OrganizationSupportPhone', 'OrganizationSupportEmail', 'ConfigurationURL',
  'ConfigurationWebURL', 'MAIDUsername', 'Language', 'Region', 'LanguageScript',
];
const NUMBER_KEYS = ['MDMProtocolVersion', 'ConfigurationSource', 'ProvisionalEnrollmentExpiry'];
const BOOL_KEYS = [
  'IsSupervised', 'AllowPairing', 'IsMandatory', 'IsMDMUnremovable', 'AwaitDeviceConfigured', 'DeviceConfigured',
  'CloudConfigurationUIComplete', 'ConfigurationWasApplied', 'PostSetupProfileWasInstalled',
  'AttemptedFaceTimeSignIn', 'IsMultiUser', 'AutoAdvanceSetup', 'MAIDHasCredential',
];
const DATA_ARRAY_KEYS = ['AnchorCertificates', 'SupervisorHostCertificates'];
const STRING_ARRAY_KEYS = ['SkipSetup'];

/** The number the tunnel parser writes into ConfigurationSource (Apple Configurator) [INFERRED]. */
export const TUNNEL_CONFIGURATION_SOURCE = 2;
const ADE_CONFIGURATION_SOURCE = 1;

/** First type error, or null. Unknown keys are kept and not checked, as on the device. */
export function validateCloudConfiguration(config: Dict): string | null {
  const check = (keys: string[], ok: (v: unknown) => boolean, type: string): string | null => {
    for (const key of keys) {
      if (config[key] !== undefined && !ok(config[key])) return `${key} must be ${type}`;
    }
    return null;
  };
  return check(STRING_KEYS, (v) => typeof v === 'string', 'a string')
    ?? check(NUMBER_KEYS, isNumber, 'a number')
    ?? check(BOOL_KEYS, (v) => typeof v === 'boolean', 'a boolean')
    ?? check(DATA_ARRAY_KEYS, (v) => Array.isArray(v) && v.every(isData), 'an array of data')
    ?? check(STRING_ARRAY_KEYS, (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'an array of strings');
}

/** `_commandSetCloudConfiguration`'s rewrite of what the host sent, before storing. */
export function normaliseCloudConfiguration(sent: Dict): Dict {
  const config: Dict = { ...sent, ConfigurationSource: TUNNEL_CONFIGURATION_SOURCE };
  if (config.ConfigurationURL === undefined && config.ConfigurationWebURL === undefined) {
    config.CloudConfigurationUIComplete = true;
    config.ConfigurationWasApplied = true;
  }
  config.IsMandatory = true;
  config.IsMDMUnremovable = false;
  return config;
}

export function getCloudConfiguration(device: McInstallDevice): Reply {
  // The key is absent, not empty, when nothing is stored; pymobiledevice3 relies on that.
  return device.cloudConfiguration ? acknowledged({ CloudConfiguration: { ...device.cloudConfiguration } }) : acknowledged();
}

export function setCloudConfiguration(device: McInstallDevice, host: McInstallHost, request: Dict): Reply {
  // Refused when any configuration is stored (MTIPCUTunnelParser _commandSetCloudConfiguration,
  // docs/device-protocols.md §4.6 step 1): a device past Setup Assistant holds Setup's own record
  // (completeSetupAssistant), so "already set up" and "already configured" both answer 14002.
  if (device.cloudConfiguration) return errorReply(Errors.cloudConfigurationPresent());
  const sent = request.CloudConfiguration;
  const config = normaliseCloudConfiguration(isDict(sent) ? sent : {});
  if (device.activationState === 'Unactivated') return errorReply(Errors.notActivated());
  if (!isDict(sent)) return errorReply(Errors.invalidCloudConfiguration('CloudConfiguration must be a dictionary'));
  const invalid = validateCloudConfiguration(config);
  if (invalid) return errorReply(Errors.invalidCloudConfiguration(invalid));
  if (device.adeAssigned && config.ConfigurationSource !== ADE_CONFIGURATION_SOURCE) {
    return errorReply(Errors.mustUseDep());
  }
  if (device.userEnrollment && config.IsSupervised === true) return errorReply(Errors.userEnrollmentCannotSupervise());
  device.cloudConfiguration = config;
  if (config.AllowPairing === false) host.deleteHostPairings?.();
  return acknowledged();
}
