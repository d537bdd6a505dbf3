import type { StateFaultKind } from '../faults.js';
import { completeSetupAssistant } from '../mcinstall/device-state.js';
import type { Rng } from '../rng.js';
import type { VirtualDevice } from './device.js';

/** Puts a device into one of the awkward states a cart meets in real life. */
export function applyStateFault(device: VirtualDevice, kind: StateFaultKind, rng: Rng): void {
  switch (kind) {
    case 'activation-lock':
      // Erased but still linked to someone's Apple Account: activation is refused.
      device.activationLock = true;
      device.activationState = 'Unactivated';
      break;
    case 'ade-assigned':
      device.adeAssigned = true;
      break;
    case 'supervised-elsewhere':
      device.cloudConfiguration = {
        IsSupervised: true,
        AllowPairing: true,
        OrganizationName: 'Northwind Academy IT',
        OrganizationMagic: rng.uuid(),
        ConfigurationSource: 2,
        IsMandatory: true,
        IsMDMUnremovable: false,
        CloudConfigurationUIComplete: true,
        ConfigurationWasApplied: true,
        // Not a certificate we can sign for: Escalate from this station must be rejected.
        SupervisorHostCertificates: [Buffer.from(rng.hex(64), 'hex')],
      };
      device.setupCompleted = true;
      // Set up by someone: it went through activation at Hello.
      device.activationState = 'Activated';
      break;
    case 'passcode-locked':
      device.passcodeSet = true;
      device.locked = true;
      break;
    case 'user-enrollment':
      // A personally owned device, set up by its owner, then enrolled by the owner (profile- or
      // account-driven). User Enrollment hides identifiers from the MDM server, not from a host
      // over USB: lockdown still reports SerialNumber and IMEI, and nothing in lockdown or
      // MCInstall's profile list names the enrollment type (docs/mdm-apis.md §5, Meraki's User
      // Enrollment guide: "never report their serial number" to Systems Manager).
      device.userEnrollment = true;
      completeSetupAssistant(device);
      device.activationState = 'Activated';
      break;
  }
}
