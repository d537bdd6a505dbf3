import type { User, UserInput } from '../store/index.js';
import type { MdmUser } from './types.js';

/**
 * What a directory refresh writes for one MDM user over the station's cached row.
 *
 * The MDM says who the person is; the station says how they identify at the kiosk. No MDM carries
 * PIN hashes, and badges are often assigned at the station, so a refresh that wrote the MDM's
 * record as is would lock everyone out of the kiosk after each sync. Hence: the MDM's value wins
 * when it has one, and the cached value stays when it has none.
 *
 * Groups are the exception: the MDM's list wins even when empty, because per-cart allowed groups
 * depend on it and someone removed from every group must lose access. Only a user the station
 * created (imported from CSV, source `local`) keeps its own groups when the MDM lists none.
 */
export function mergeDirectoryUser(mdm: MdmUser, cached: User | undefined): Omit<UserInput, 'source'> {
  const stationGroups = cached?.source === 'local' && mdm.groups.length === 0;
  return {
    id: mdm.id,
    name: mdm.name || cached?.name || mdm.id,
    username: mdm.username ?? cached?.username ?? null,
    email: mdm.email ?? cached?.email ?? null,
    badge: mdm.badge ?? cached?.badge ?? null,
    pinHash: cached?.pinHash ?? null,
    groups: stationGroups ? cached.groups : mdm.groups,
  };
}

/** True when the merge kept a badge or PIN hash the MDM's own record lacks (for the run's stats). */
export function keptCredentials(mdm: MdmUser, cached: User | undefined): boolean {
  return Boolean((!mdm.badge && cached?.badge) || cached?.pinHash);
}
