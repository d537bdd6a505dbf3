/**
 * Whether a device can be supervised as it is, decided from what GetCloudConfiguration reports
 * (IsSupervised, CloudConfigurationUIComplete, ConfigurationWasApplied), never from guesses.
 * A device past Setup Assistant answers a dictionary with CloudConfigurationUIComplete true and
 * IsSupervised false, and refuses SetCloudConfiguration with 14002 (pymobiledevice3
 * services/mobile_config.py: "You must first erase the device"); a device still in Setup
 * Assistant has no configuration stored (the key is absent, pymobiledevice3
 * get_cloud_configuration "None if not set").
 */
import type { DeviceFacts, SupervisorIdentity } from '../device-port.js';
import { StagingError } from '../device-port.js';
import { supervisedByUs } from './supervision.js';

export type Readiness =
  /** Supervised with this station's certificate: nothing to do. */
  | 'ours'
  /** In Setup Assistant without a configuration: supervise it; never erase it. */
  | 'ready'
  /** Set up, or supervised by someone else: only an erase makes it preparable. */
  | 'needs-erase'
  /** Still in Setup Assistant but a configuration was applied (e.g. fetched from ADE): erasing would not help. */
  | 'configured-in-setup';

export function readiness(facts: DeviceFacts, identity: SupervisorIdentity | null): Readiness {
  if (supervisedByUs(facts, identity)) return 'ours';
  if (facts.supervised || facts.setupState === 'set-up') return 'needs-erase';
  if (facts.cloudConfigured) return 'configured-in-setup';
  return 'ready';
}

export function eraseAllowed(steps: readonly { type: string; allowed?: boolean }[]): boolean {
  return steps.some((s) => s.type === 'erase' && s.allowed === true);
}

/** The refusal for a device only an erase would make preparable, when erasing is not allowed. */
export function needsEraseError(facts: DeviceFacts): StagingError {
  const remedy = 'Erase it first: allow erasing in the blueprint (cartwright prepare --erase) or erase it from the Device screen.';
  if (facts.supervised) {
    const who = facts.organizationName ? `"${facts.organizationName}"` : 'another organization';
    return new StagingError('SUPERVISED_ELSEWHERE', `This device is already supervised by ${who}.`, remedy);
  }
  return new StagingError('CLOUD_CONFIG_PRESENT', 'This device is already set up (it is past Setup Assistant), so it cannot be supervised without erasing it.', remedy);
}

export function configuredInSetupError(): StagingError {
  return new StagingError(
    'CLOUD_CONFIG_PRESENT',
    'This device is still in Setup Assistant but already has a cloud configuration applied (for example from Automated Device Enrollment).',
    'Release it from its MDM server in Apple Business/School Manager, or finish its own enrollment; the station does not erase devices that are still in Setup Assistant.',
  );
}
