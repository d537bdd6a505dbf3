import type { StationHandlers } from '../api/station-handlers.js';
import type { StationServices } from './services.js';

/**
 * `picks.cancel`: a host that waited for a pick and gave up (the CLI's `checkout --wait` timeout)
 * ends it through the API instead of reaching into the flow. The flow audits the cancellation
 * and publishes the `pick` event the kiosk and the CLI follow.
 */
export function pickCancelHandler(station: Pick<StationServices, 'flows'>): Pick<StationHandlers, 'picks.cancel'> {
  return {
    'picks.cancel': async ({ pickId, reason }) => {
      station.flows.multi.cancel(pickId, reason);
      return station.flows.multi.pick(pickId);
    },
  };
}
