import type { StateFaultKind } from '../faults.js';
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
      break;
    case 'passcode-locked':
      device.passcodeSet = true;
      device.locked = true;
      break;
    case 'user-enrollment':
      device.userEnrollment = true;
      device.setupCompleted = true;
      break;
  }
}
