/**
 * Reading and changing the MCInstall-owned parts of a McInstallDevice. Exported for the core, so
 * the control API and Setup Assistant completion use the same rules as the service.
 */
import type { InstalledProfile, McInstallDevice } from './contract.js';
import { parseProfile } from './profile.js';
import { asBuffer, isData } from './plist-data.js';

/**
 * Supervision is the stored cloud configuration's IsSupervised flag (docs/device-protocols.md §4.6
 * step 6).
 */
export function isSupervised(device: McInstallDevice): boolean {
  return device.cloudConfiguration?.IsSupervised === true;
}

export function organizationName(device: McInstallDevice): string | null {
  const name = device.cloudConfiguration?.OrganizationName;
  return typeof name === 'string' ? name : null;
}

/** The DER certificates Escalate accepts (the cloud configuration's SupervisorHostCertificates). */
export function supervisorCertificates(device: McInstallDevice): Buffer[] {
  const list = device.cloudConfiguration?.SupervisorHostCertificates;
  return Array.isArray(list) ? list.filter(isData).map(asBuffer) : [];
}

/** Installed profile identifiers in install order, as the control API reports them. */
export function profileIdentifiers(device: McInstallDevice): string[] {
  return device.profiles.map((p) => p.identifier);
}

/** Install, replacing a profile with the same PayloadIdentifier in place (an update). */
export function installProfile(device: McInstallDevice, profile: InstalledProfile): void {
  removeProfile(device, profile.identifier, 'pending');
  const index = device.profiles.findIndex((p) => p.identifier === profile.identifier);
  if (index >= 0) device.profiles[index] = profile;
  else device.profiles.push(profile);
}

export function queuePendingProfile(device: McInstallDevice, profile: InstalledProfile): void {
  const pending = (device.pendingProfiles ??= []);
  const index = pending.findIndex((p) => p.identifier === profile.identifier);
  if (index >= 0) pending[index] = profile;
  else pending.push(profile);
}

/** Remove from the installed list, the pending list, or both. Returns whether anything matched. */
export function removeProfile(device: McInstallDevice, identifier: string, from: 'installed' | 'pending' | 'both' = 'both'): boolean {
  let removed = false;
  if (from !== 'pending') {
    const before = device.profiles.length;
    device.profiles = device.profiles.filter((p) => p.identifier !== identifier);
    removed = device.profiles.length !== before;
  }
  if (from !== 'installed' && device.pendingProfiles) {
    const before = device.pendingProfiles.length;
    device.pendingProfiles = device.pendingProfiles.filter((p) => p.identifier !== identifier);
    removed ||= device.pendingProfiles.length !== before;
  }
  return removed;
}

/**
 * "Erase All Content and Settings": cloud configuration (hence supervision), profiles, the stored
 * profile, settings and passcode go; the device comes back unactivated in Setup Assistant. Pairing
 * records, detach and reboot are the core's (host.eraseDevice). Counters survive: they count
 * requests over the device's life. ADE assignment is server-side and survives too.
 */
export function eraseMcInstallState(device: McInstallDevice): void {
  device.activationState = 'Unactivated';
  device.setupCompleted = false;
  device.cloudConfiguration = null;
  device.profiles = [];
  if (device.pendingProfiles) device.pendingProfiles = [];
  device.storedProfile = null;
  device.settings = {};
  device.passcodeSet = false;
}

/**
 * The record Setup Assistant leaves in CloudConfigurationDetails.plist when it finishes without a
 * cloud configuration: the keys Setup itself writes on a manual walk (measured by diffing the data
 * volume before and after, firmwarekit `SystemEdits.finishedSetup`; misaka26's sparserestore
 * template has the same UIComplete/IsSupervised pair). GetCloudConfiguration returns it from then
 * on, and SetCloudConfiguration meets "a configuration already exists" (14002).
 */
export const SETUP_COMPLETED_RECORD: Readonly<Record<string, unknown>> = {
  AllowPairing: true,
  CloudConfigurationUIComplete: true,
  IsSupervised: false,
  PostSetupProfileWasInstalled: false,
};

/**
 * The person finishes Setup Assistant: the device is in use. A stored cloud configuration (ours
 * or another supervisor's) stays as it is; without one the device writes the record above. Then
 * the StoreProfile'd profile is installed (see installStoredProfile).
 */
export function completeSetupAssistant(device: McInstallDevice): InstalledProfile | null {
  device.setupCompleted = true;
  device.cloudConfiguration ??= { ...SETUP_COMPLETED_RECORD };
  return installStoredProfile(device);
}

/**
 * Setup Assistant finished: install the profile kept by StoreProfile (PostSetupInstallation) the
 * way the device does, without the user. Returns the installed profile, or null.
 */
export function installStoredProfile(device: McInstallDevice): InstalledProfile | null {
  const stored = device.storedProfile;
  if (!stored) return null;
  device.storedProfile = null;
  const parsed = parseProfile(stored.raw);
  if (!parsed.ok) return null;
  const profile: InstalledProfile = { ...parsed.profile, installedSilently: true };
  installProfile(device, profile);
  return profile;
}
