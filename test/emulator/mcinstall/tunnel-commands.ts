/**
 * Device-level tunnel requests (docs/device-protocols.md §4.2): EraseDevice, EstablishProvisionalEnrollment,
 * SetWiFiPowerState, DownloadAndApplyCloudConfiguration.
 */
import type { McInstallDevice, McInstallHost } from './contract.js';
import { eraseMcInstallState } from './device-state.js';
import { isNumber, type Dict } from './plist-data.js';
import { Domain, Status, acknowledged, errorReply, withStatus, type Reply } from './reply.js';

/** The device reads these with boolValue after a number-or-bool type check (go-ios sends 1). */
function optionalFlag(value: unknown): boolean | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (isNumber(value)) return Number(value) !== 0;
  return null;
}

/**
 * Acknowledged first, then the erase: MCInstall's state is wiped now (the reset has started) and
 * host.eraseDevice runs on the next macrotask, after the core has written this reply.
 */
export function eraseDevice(device: McInstallDevice, host: McInstallHost, request: Dict): Reply {
  const preserve = optionalFlag(request.PreserveDataPlan);
  const disallow = optionalFlag(request.DisallowProximitySetup);
  if (preserve === null || disallow === null) return withStatus(Status.commandFormatError);
  const options = { preserveDataPlan: preserve ?? false, disallowProximitySetup: disallow ?? false };
  eraseMcInstallState(device);
  setImmediate(() => host.eraseDevice(options));
  return acknowledged();
}

export function establishProvisionalEnrollment(device: McInstallDevice, request: Dict): Reply {
  if (device.setupCompleted) return withStatus(Status.provisionalEnrollmentRejected);
  if (request.Nonce === undefined) return withStatus(Status.nonceNotReceived);
  return acknowledged();
}

export function setWiFiPowerState(device: McInstallDevice, request: Dict): Reply {
  device.settings.WiFiPowerState = request.PowerState === true || (isNumber(request.PowerState) && Number(request.PowerState) !== 0);
  return acknowledged();
}

/**
 * Acknowledged at once when an MDM profile is installed, as the device does. Otherwise it would
 * fetch the ADE profile from Apple; the emulator has no network, so that fails [INFERRED code].
 */
export function downloadAndApplyCloudConfiguration(device: McInstallDevice): Reply {
  if (device.profiles.some((p) => p.isMdm)) return acknowledged();
  return errorReply({
    domain: Domain.cloudConfig,
    code: 33001,
    description: 'The cloud configuration could not be retrieved.',
  });
}
