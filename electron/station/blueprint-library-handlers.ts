import type { BlueprintLibraryCommandName } from '../api/blueprint-library.js';
import type { StationHandlers } from '../api/station-handlers.js';
import { inspectProfile } from '../profiles/index.js';
import { stationError } from './admin-errors.js';
import { asIdentityWork } from './identity-errors.js';
import type { StationServices } from './services.js';

/** The blueprint editor's history and profile reading, thin over the store and the profiles layer. */
export function blueprintLibraryHandlers(station: Pick<StationServices, 'store'>): Pick<StationHandlers, BlueprintLibraryCommandName> {
  return {
    'blueprints.history': async ({ name }) => {
      const versions = station.store.blueprints.history(name);
      if (!versions.length) throw stationError('NOT_FOUND', `No blueprint "${name}".`, 'Pick a blueprint from the list (Admin ▸ Blueprints or `cartwright blueprint list`).');
      return versions;
    },
    // Nothing is kept: the editor embeds the bytes in the blueprint, and the station reads them again when staging.
    'profiles.inspect': async ({ profile }) => asIdentityWork(() => inspectProfile(Buffer.from(profile, 'base64'))),
  };
}
