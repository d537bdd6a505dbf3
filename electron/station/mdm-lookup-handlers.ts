import type { StationHandlers } from '../api/station-handlers.js';
import type { MdmLookupCommandName } from '../api/mdm-lookups.js';
import { asAdmin } from './admin-errors.js';
import type { StationServices } from './services.js';

/**
 * Asking the MDM itself, over the station's MDM link (mdm-services.ts): its directory, one device,
 * and delivering the outbox now. MDM and sealed-credential failures reach every host in the Admin
 * screens' words (admin-errors.ts).
 */
export function mdmLookupHandlers(station: Pick<StationServices, 'mdmLink' | 'audit'>): Pick<StationHandlers, MdmLookupCommandName> {
  return {
    'mdm.users': async ({ query }) => asAdmin(async () => ({ users: await station.mdmLink.searchUsers(query) })),
    'mdm.device': async ({ serial }) =>
      asAdmin(async () => {
        const found = await station.mdmLink.lookupDevice(serial);
        return { serial: found.serial, found: found.device !== undefined, device: found.device ?? null, ade: found.ade, lastSync: found.cached ?? null };
      }),
    'mdm.deliver': async ({ rounds }) =>
      asAdmin(async () => {
        const report = await station.mdmLink.deliver(rounds);
        station.audit('mdm.outbox.deliver', null, report);
        return report;
      }),
  };
}
