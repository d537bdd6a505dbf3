import { PREPARE_BLUEPRINT_NAME, prepareBlueprint } from '../staging/prepare.js';
import type { Store } from '../store/store.js';

/** Who the audit and the version history name for a blueprint the station ships with. */
export const BUILT_IN_AUTHOR = 'cartwright (built-in)';

/**
 * The blueprints a station has from its first start, so "Prepare these devices" works on an empty
 * data directory from every host (the Staging screen, `blueprint list`, `prepare --blueprint
 * Prepare`). Stored only when no blueprint of that name exists: a technician's saved versions of
 * "Prepare" are never replaced, and the built-in one stays version 1 of its history.
 */
export function seedBuiltInBlueprints(store: Pick<Store, 'blueprints'>): void {
  if (store.blueprints.latest(PREPARE_BLUEPRINT_NAME)) return;
  store.blueprints.save(PREPARE_BLUEPRINT_NAME, prepareBlueprint() as never, BUILT_IN_AUTHOR);
}
