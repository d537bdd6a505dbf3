import type { DirectoryUser } from '../../api/flows.js';
import type { KioskCredential } from '../../api/kiosk.js';
import type { MdmConnector, MdmUser } from '../../mdm/index.js';
import { verifyPin } from '../../mdm/local/pin.js';
import { FlowError } from '../errors.js';
import { findUserRef, identifyCredential, type IdentifyOptions } from './identify.js';
import type { User } from '../../store/repos/users-repo.js';
import type { Store } from '../../store/store.js';

/** How long a live directory look-up may take before the cached directory answers alone. */
const LIVE_TIMEOUT_MS = 4_000;

/**
 * The people the flows deal with. Badges and PINs are checked against the station's own directory
 * (local users, and the MDM's users cached by the sync loop), so identification works with the MDM
 * down; a name the cache does not know is looked up live in the MDM when it answers, and cached.
 */
export class FlowDirectory {
  constructor(
    private readonly store: Store,
    private readonly connector: () => MdmConnector,
  ) {}

  identify(credential: KioskCredential, options: IdentifyOptions = {}): Promise<User> {
    return identifyCredential(this.store.users, credential, verifyPin, options);
  }

  /** A technician's reference (id, username, email, badge) → the person, live from the MDM if not cached. */
  async resolve(ref: string): Promise<User> {
    const cached = findUserRef(this.store.users, ref);
    if (cached) return cached;
    let live: MdmUser[] = [];
    let offline = false;
    try {
      live = await this.live((c, signal) => c.searchUsers(ref, signal));
    } catch {
      // A local directory is not an unreachable MDM: the cache is the whole directory.
      offline = this.connector().kind !== 'local';
    }
    const lower = ref.trim().toLowerCase();
    const hit = live.filter((u) => [u.id, u.username, u.email].some((v) => v?.toLowerCase() === lower));
    if (hit.length === 1 && hit[0]) return this.cache(hit[0]);
    throw new FlowError(
      'NOT_FOUND',
      `No one in the directory is "${ref.trim()}"${offline ? ' (the MDM cannot be reached, so only the cached directory was searched)' : ''}.`,
      'Search the directory (users.search) and use the exact username, email or id.',
    );
  }

  async search(query: string, limit: number): Promise<{ users: DirectoryUser[]; offline: boolean }> {
    let offline = false;
    try {
      const live = await this.live((c, signal) => c.searchUsers(query, signal));
      for (const u of live.slice(0, limit)) this.cache(u);
    } catch {
      offline = this.connector().kind !== 'local';
    }
    return { users: this.store.users.search(query, limit).map(toDirectoryUser), offline };
  }

  private async live<T>(work: (c: MdmConnector, signal: AbortSignal) => Promise<T>): Promise<T> {
    const connector = this.connector();
    // The local connector is the cache itself: nothing more to ask.
    if (connector.kind === 'local') throw new Error('local');
    return work(connector, AbortSignal.timeout(LIVE_TIMEOUT_MS));
  }

  /** Keeps an MDM user in the cache without touching a local user of the same id (badge, PIN). */
  private cache(u: MdmUser): User {
    const existing = this.store.users.get(u.id);
    if (existing?.source === 'local') return existing;
    try {
      return this.store.users.upsert({ id: u.id, name: u.name, username: u.username, email: u.email, groups: u.groups, source: 'mdm', badge: existing?.badge ?? null, pinHash: existing?.pinHash ?? null });
    } catch {
      // A username already held by a local user: the local entry is the one the kiosk knows.
      return existing ?? { id: u.id, name: u.name, username: u.username, email: u.email, badge: null, pinHash: null, groups: u.groups, source: 'mdm', updatedAt: new Date().toISOString() };
    }
  }
}

export function toDirectoryUser(u: User): DirectoryUser {
  return { id: u.id, name: u.name, username: u.username, email: u.email, hasBadge: u.badge !== null, groups: u.groups, source: u.source };
}
