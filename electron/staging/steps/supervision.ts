import { buildCloudConfiguration } from '../../device/cloud-configuration.js';
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

/**
 * The cloud configuration Configurator's Prepare sends (docs/device-protocols.md §4.6), from the
 * one builder.
 */
export function cloudConfiguration(spec: StepOf<'supervise'>, identity: SupervisorIdentity): Record<string, unknown> {
  return buildCloudConfiguration({
    organization: spec.organization ?? { name: identity.organization },
    supervisorCertificate: identity.certificateDer,
    allowPairing: spec.allowPairing,
    skipSetup: spec.skipSetup === 'all' ? ALL_SKIP_SETUP_KEYS : spec.skipSetup,
  });
}
