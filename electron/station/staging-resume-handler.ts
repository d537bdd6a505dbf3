import type { StationHandlers } from '../api/station-handlers.js';
import type { StationServices } from './services.js';

/**
 * `staging.unfinished` and `staging.resume`: what `cartwright stage --resume` (or a screen) needs
 * after a crash, over the staging service; the identity check is the station's, so every host
 * refuses a resume that would fail on each device the same way.
 */
export function stagingResumeHandlers(station: Pick<StationServices, 'staging' | 'secrets'>): Pick<StationHandlers, 'staging.unfinished' | 'staging.resume'> {
  return {
    'staging.unfinished': async () => ({ jobs: station.staging.unfinished() }),
    'staging.resume': async () => ({ jobs: station.staging.resume(() => station.secrets.identityProblem()) }),
  };
}
