import type { KioskCredential } from '../api/kiosk.js';
import type { RequestContext } from '../api/request-context.js';
import { FlowError } from '../flows/index.js';
import type { JsonValue } from '../store/json.js';
import type { Lockout, LockoutKind } from '../store/repos/lockouts-repo.js';
import type { User } from '../store/repos/users-repo.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from '../store/clock.js';
import type { FlowSettings } from '../api/flows.js';

export interface GuardPolicy {
  /** Failed tries for one person before each further try waits. */
  userTries: number;
  /** Failed tries from one kiosk client (any names or badges) before it waits. */
  clientTries: number;
}

/** The desktop admin PIN's pacing (electron/shell/kiosk-pin.ts): 30 s, doubling, at most 15 minutes. */
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
/** A run of failures this old (and not locked) is forgotten: one typo a day never adds up to a lockout. */
const FORGET_AFTER_MS = 60 * 60_000;

/** The kiosk client a try comes from: its address as the socket saw it (a new session is no new client). */
export function kioskClient(context: RequestContext | undefined): string {
  return context?.address ?? context?.source ?? 'local';
}

/** Locks are keyed by the name as typed, so an unknown username is locked just like a real one. */
export const userKey = (name: string): string => name.trim().toLowerCase();
const keyOfUser = (user: User): string => userKey(user.username ?? user.id);

/**
 * Slows kiosk guessing down (a four-digit PIN, a badge number): per person and per kiosk client,
 * after the configured failed tries every further try is refused unchecked until a wait that
 * doubles from 30 s to 15 minutes has passed. Counts live in the database, so a restart changes
 * nothing. The audit log gets one entry per burst of refusals, never one per guess, with the
 * kiosk client as actor: a typed username is only what was tried, not who acted.
 */
export class KioskGuard {
  constructor(
    private readonly store: Store,
    private readonly policy: () => GuardPolicy,
    private readonly now: () => Date,
  ) {}

  async identify(credential: KioskCredential, context: RequestContext | undefined, check: (beforePin: (user: User) => void) => Promise<User>): Promise<User> {
    const client = kioskClient(context);
    const name = 'username' in credential ? credential.username.trim().slice(0, 128) : null;
    // The person the failure counts against: the typed name, or the badge's owner once known.
    let person = name === null ? null : userKey(name);
    this.refuseIfLocked(client, person, name);
    try {
      const user = await check((owner) => {
        person = keyOfUser(owner);
        this.refuseIfLocked(client, person, null);
      });
      this.succeeded(client, keyOfUser(user), context);
      return user;
    } catch (e) {
      if (e instanceof FlowError && (e.code === 'UNAUTHORIZED' || e.code === 'NOT_FOUND')) this.failed(client, person, name, context);
      throw e;
    }
  }

  /** Who is locked now, for the Admin screen and `cartwright users locked`. */
  locked(): Lockout[] {
    return this.store.lockouts.locked();
  }

  /** An admin's unlock: the count starts over. False when nothing was recorded for it. */
  unlock(kind: LockoutKind, key: string): Lockout | undefined {
    const k = kind === 'user' ? userKey(key) : key.trim();
    const before = this.store.lockouts.get(kind, k);
    if (before && kind === 'client' && before.pendingRefusals > 0) this.summarize(before, 'unlocked', undefined);
    return this.store.lockouts.clear(kind, k);
  }

  private refuseIfLocked(client: string, person: string | null, name: string | null): void {
    const now = this.now().getTime();
    const locks = [this.store.lockouts.get('client', client), person ? this.store.lockouts.get('user', person) : undefined];
    const until = Math.max(...locks.map((l) => (l?.lockedUntil ? Date.parse(l.lockedUntil) : 0)));
    if (until <= now) return;
    // Counted for the audit summary, not as a failure: waiting out the lock is the only way on.
    this.store.lockouts.recordRefusal('client', client, { counted: false, restart: false, name });
    throw lockedError(until - now);
  }

  private failed(client: string, person: string | null, name: string | null, context: RequestContext | undefined): void {
    const policy = this.policy();
    const newLocks: Lockout[] = [];
    const clientRow = this.count('client', client, name, policy.clientTries, context, newLocks);
    if (person) this.count('user', person, null, policy.userTries, context, newLocks);
    if (newLocks.length === 0) return;
    const wait = Math.max(...newLocks.map((l) => Date.parse(l.lockedUntil ?? '') - this.now().getTime()));
    this.summarize(this.store.lockouts.get('client', client) ?? clientRow, 'locked', context, newLocks);
    throw lockedError(wait);
  }

  /** One more failure for this key; locks it (pushing to `newLocks`) once the tries are used up. */
  private count(kind: LockoutKind, key: string, name: string | null, tries: number, context: RequestContext | undefined, newLocks: Lockout[]): Lockout {
    const now = this.now();
    const current = this.store.lockouts.get(kind, key);
    const stale = current !== undefined && !isLocked(current, now) && now.getTime() - Date.parse(current.lastFailureAt) > FORGET_AFTER_MS;
    // The old burst's summary is written before its count is forgotten.
    if (stale && kind === 'client' && current.pendingRefusals > 0) this.summarize(current, 'refused', context);
    const row = this.store.lockouts.recordRefusal(kind, key, { counted: true, restart: stale, name });
    if (row.failures < tries) return row;
    const wait = Math.min(FIRST_WAIT_MS * 2 ** (row.failures - tries), MAX_WAIT_MS);
    const until = new Date(now.getTime() + wait);
    this.store.lockouts.lockUntil(kind, key, until);
    const locked = { ...row, lockedUntil: until.toISOString() };
    newLocks.push(locked);
    return locked;
  }

  private succeeded(client: string, person: string, context: RequestContext | undefined): void {
    this.store.lockouts.clear('user', person);
    // The client's count stays (one good badge between guesses must not reset it); its burst is summarized.
    const row = this.store.lockouts.get('client', client);
    if (row && row.pendingRefusals > 0) this.summarize(row, 'refused', context);
  }

  /** The burst's one audit entry. Badges never appear in it: they are credentials. */
  private summarize(row: Lockout, outcome: 'refused' | 'locked' | 'unlocked', context: RequestContext | undefined, locks: Lockout[] = []): void {
    const details: Record<string, JsonValue> = {
      outcome,
      refusals: row.pendingRefusals,
      failures: row.failures,
      since: row.firstFailureAt,
      triedNames: row.pendingNames,
      locked: locks.map((l) => ({ kind: l.kind, key: l.key, until: l.lockedUntil })),
    };
    if (context?.session) details.session = context.session;
    if (context?.userAgent) details.userAgent = context.userAgent;
    this.store.transaction(() => {
      this.store.audit.append({ actor: `kiosk@${row.key}`, source: 'kiosk', action: 'kiosk.identify.refused', details });
      this.store.lockouts.clearPending('client', row.key);
    });
  }
}

/** The station's guard, with the tries from the flow settings. */
export function stationKioskGuard(store: Store, settings: () => FlowSettings, clock: Clock = systemClock): KioskGuard {
  return new KioskGuard(
    store,
    () => {
      const s = settings();
      return { userTries: s.kioskMaxTries, clientTries: s.kioskClientMaxTries };
    },
    clock,
  );
}

function isLocked(l: Lockout, now: Date): boolean {
  return l.lockedUntil !== null && Date.parse(l.lockedUntil) > now.getTime();
}

function lockedError(waitMs: number): FlowError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new FlowError('RATE_LIMITED', `Too many sign-in attempts: try again in ${wait}.`, 'Wait, or ask an administrator to unlock the account (cartwright users unlock USER).');
}
