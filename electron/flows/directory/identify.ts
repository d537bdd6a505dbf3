import type { KioskCredential } from '../../api/kiosk.js';
import type { User } from '../../store/repos/users-repo.js';
import { FlowError } from '../errors.js';

/** The directory as identification needs it (the store's users repo fits). */
export interface UserLookup {
  get(id: string): User | undefined;
  findByBadge(badge: string): User | undefined;
  findByUsername(username: string): User | undefined;
  search(query: string, limit?: number): User[];
}

export type PinCheck = (pin: string, hash: string) => Promise<boolean>;

export const UNKNOWN_BADGE = new FlowError('NOT_FOUND', 'This badge is not known to the station.', 'Ask an administrator to add your badge.');

export interface IdentifyOptions {
  /** Two factors: a badge must come with its owner's PIN; username + PIN alone is refused. */
  badgeNeedsPin?: boolean;
  /** Called with the person a badge names before their PIN is checked (the kiosk guard's lockout check). */
  beforePin?: (user: User) => void;
}

/**
 * A badge scan, a badge + PIN, or a username + PIN → the person. A wrong PIN and an unknown
 * username (or badge, with two factors) get the same answer, so the kiosk never tells a stranger
 * which usernames or badges exist.
 */
export async function identifyCredential(users: UserLookup, credential: KioskCredential, verifyPin: PinCheck, options: IdentifyOptions = {}): Promise<User> {
  if ('badge' in credential && !('pin' in credential)) {
    if (options.badgeNeedsPin) throw new FlowError('INVALID_INPUT', 'This station needs your PIN after the badge.', 'Scan your badge, then type your PIN.');
    const user = users.findByBadge(credential.badge);
    if (!user) throw UNKNOWN_BADGE;
    return user;
  }
  if ('badge' in credential) {
    const refused = new FlowError('UNAUTHORIZED', 'The badge or PIN is not right.', 'Scan your badge and type your PIN again.');
    const user = users.findByBadge(credential.badge);
    if (user) options.beforePin?.(user);
    return checkPin(user, credential.pin, verifyPin, refused);
  }
  if (options.badgeNeedsPin) throw new FlowError('INVALID_INPUT', 'This station signs in with a badge and a PIN.', 'Scan your badge, then type your PIN.');
  const refused = new FlowError('UNAUTHORIZED', 'The username or PIN is not right.', 'Type them again, or scan your badge.');
  return checkPin(users.findByUsername(credential.username), credential.pin, verifyPin, refused);
}

async function checkPin(user: User | undefined, pin: string, verifyPin: PinCheck, refused: FlowError): Promise<User> {
  if (!user?.pinHash) {
    // Same work either way: a missing user must not answer faster than a wrong PIN.
    await verifyPin(pin, DUMMY_HASH).catch(() => false);
    throw refused;
  }
  if (!(await verifyPin(pin, user.pinHash))) throw refused;
  return user;
}

// A valid scrypt hash of no one's PIN, for constant-ish time refusals.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * What a technician types for a person (id, username, email or badge) → the cached directory
 * entry, exactly, never a fuzzy guess: handing a device to the wrong person is worse than asking again.
 */
export function findUserRef(users: UserLookup, ref: string): User | undefined {
  const r = ref.trim();
  const direct = users.get(r) ?? users.findByUsername(r) ?? users.findByBadge(r);
  if (direct) return direct;
  const lower = r.toLowerCase();
  const matches = users.search(r, 50).filter((u) => u.email?.toLowerCase() === lower || u.name.toLowerCase() === lower);
  return matches.length === 1 ? matches[0] : undefined;
}

export function displayUser(user: Pick<User, 'id' | 'name' | 'username'>): { username: string; displayName: string } {
  return { username: user.username ?? user.id, displayName: user.name };
}
