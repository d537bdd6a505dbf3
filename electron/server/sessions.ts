import { createHash, randomBytes } from 'node:crypto';

/** A browser signed in to this server: the cookie carries `id`, the audit log only `ref`. */
export interface Session {
  /** The secret in the cookie: 32 random bytes, never logged. */
  readonly id: string;
  /** A public handle for the audit log and the logs: names the session without granting it. */
  readonly ref: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Twelve hours: a shift. A screen that must stay signed in longer gets --session-hours. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** The one-time address printed at start stays good for as long as a session would. */
const MAX_PENDING_CODES = 64;

const random = (bytes: number): string => randomBytes(bytes).toString('base64url');
/** Maps are keyed by a hash of the secret, so a lookup never compares the secret itself byte by byte. */
const keyOf = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/**
 * The server's sessions, kept in memory only: a random id per browser (not derived from the token,
 * so one can be revoked alone), an expiry, logout, and revoke-all (a new token revokes them all; so
 * does a restart). One-time codes are the sign-in links: each opens one session, once.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly codes = new Map<string, number>();

  constructor(
    readonly ttlMs: number = DEFAULT_SESSION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  create(): Session {
    const t = this.now();
    const session: Session = { id: random(32), ref: randomBytes(6).toString('hex'), createdAt: t, expiresAt: t + this.ttlMs };
    this.sessions.set(keyOf(session.id), session);
    return session;
  }

  /** The live session for a cookie value, or null (unknown, revoked or expired). */
  find(id: string | null | undefined): Session | null {
    if (!id) return null;
    const key = keyOf(id);
    const session = this.sessions.get(key);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return null;
    }
    return session;
  }

  revoke(id: string): boolean {
    return this.sessions.delete(keyOf(id));
  }

  /** Signs every browser out and voids every unused sign-in link; returns how many sessions ended. */
  revokeAll(): number {
    const n = this.sessions.size;
    this.sessions.clear();
    this.codes.clear();
    return n;
  }

  get size(): number {
    for (const [key, s] of this.sessions) if (s.expiresAt <= this.now()) this.sessions.delete(key);
    return this.sessions.size;
  }

  /** A new sign-in code: good once, until it expires like a session would. */
  mintCode(): string {
    if (this.codes.size >= MAX_PENDING_CODES) {
      const oldest = this.codes.keys().next().value;
      if (oldest !== undefined) this.codes.delete(oldest);
    }
    const code = random(32);
    this.codes.set(keyOf(code), this.now() + this.ttlMs);
    return code;
  }

  /** Spends a code: true the first time, false ever after (and for unknown or expired codes). */
  redeemCode(code: string | null): boolean {
    if (!code) return false;
    const key = keyOf(code);
    const expires = this.codes.get(key);
    if (expires === undefined) return false;
    this.codes.delete(key);
    return expires > this.now();
  }
}
