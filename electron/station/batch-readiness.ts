import { EnrollmentProfileStore, inspectProfile } from '../profiles/index.js';
import type { BatchReadiness } from '../staging/batch-validation.js';
import type { StationSecrets } from './station-secrets.js';

/**
 * What a batch's up-front check asks of this station: its supervision identity (loaded as staging
 * would load it) and its stored enrollment profile, read the way the enroll step reads them.
 */
export function stationBatchReadiness(dataDir: string, secrets: Pick<StationSecrets, 'identityProblem'>): BatchReadiness {
  const enrollment = new EnrollmentProfileStore(dataDir);
  return {
    identityProblem: () => secrets.identityProblem(),
    storedEnrollmentProfile: () => {
      try {
        return enrollment.load().bytes;
      } catch {
        return null;
      }
    },
    inspectProfile: (bytes) => {
      const p = inspectProfile(bytes);
      if (!p.identifier || !p.uuid) throw new Error('it has no PayloadIdentifier or PayloadUUID');
      return { identifier: p.identifier, displayName: p.displayName, isMdm: p.mdm !== null };
    },
  };
}
