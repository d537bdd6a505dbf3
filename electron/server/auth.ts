import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Session, SessionStore } from './sessions.js';

export const SESSION_COOKIE = 'cartwright_session';
/** The WebSocket subprotocol the screens speak; a browser cannot set headers on a WebSocket. */
export const WS_PROTOCOL = 'cartwright.v1';
export const WS_TOKEN_PREFIX = 'cartwright-token.';

/** How a request proved itself: the token in a header, a session cookie, or nothing on a tokenless server. */
export type Credential = { kind: 'token' } | { kind: 'session'; session: Session } | { kind: 'none' };

/**
 * The access check. Scripts (the CLI, curl) carry the token in a header; a browser signs in once
 * with a one-time code (`?code=`, printed at start) or the token (`?token=`) on the page load, and
 * gets back an HttpOnly session cookie: a random id kept server-side, with an expiry, revocable.
 *
 * The cookie also opens the API. A cross-site page cannot use it: it is SameSite=Strict, every
 * request with an Origin must come from this server (request-guards.ts), and commands need a JSON
 * content type, which forces a CORS preflight this server never grants.
 */
export class TokenAuth {
  private token: Buffer | null;

  constructor(
    token: string | null,
    readonly sessions: SessionStore,
    /** Served over TLS: the cookie is marked Secure. */
    private readonly secure: boolean,
  ) {
    this.token = token === null ? null : Buffer.from(token, 'utf8');
  }

  get required(): boolean {
    return this.token !== null;
  }

  /** A new token signs every browser out: their sessions were granted under the old one. */
  setToken(token: string): number {
    this.token = Buffer.from(token, 'utf8');
    return this.sessions.revokeAll();
  }

  private matches(candidate: string | undefined | null): boolean {
    if (this.token === null) return true;
    if (!candidate) return false;
    const c = Buffer.from(candidate, 'utf8');
    return c.length === this.token.length && timingSafeEqual(c, this.token);
  }

  /** `Authorization: Bearer T` or `X-Cartwright-Token: T`. */
  headerOk(req: IncomingMessage): boolean {
    if (this.token === null) return true;
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const header = req.headers['x-cartwright-token'];
    return this.matches(bearer) || this.matches(Array.isArray(header) ? header[0] : header);
  }

  queryOk(url: URL): boolean {
    return this.token !== null && this.matches(url.searchParams.get('token'));
  }

  /** The live session the request's cookie names, if any. */
  session(req: IncomingMessage): Session | null {
    return this.sessions.find(readCookie(req.headers.cookie, SESSION_COOKIE));
  }

  /** The token offered as a WebSocket subprotocol (`cartwright-token.<base64url>`). */
  protocolOk(protocols: ReadonlySet<string>): boolean {
    if (this.token === null) return true;
    for (const p of protocols) {
      if (p.startsWith(WS_TOKEN_PREFIX) && this.matches(Buffer.from(p.slice(WS_TOKEN_PREFIX.length), 'base64url').toString('utf8'))) return true;
    }
    return false;
  }

  /** Header token first (scripts), then the session cookie (browsers); null when neither holds. */
  credential(req: IncomingMessage): Credential | null {
    if (this.token === null) return { kind: 'none' };
    if (this.headerOk(req)) return { kind: 'token' };
    const session = this.session(req);
    return session ? { kind: 'session', session } : null;
  }

  sessionCookie(session: Session): string {
    const maxAge = Math.floor((session.expiresAt - session.createdAt) / 1000);
    return `${SESSION_COOKIE}=${session.id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}${this.secure ? '; Secure' : ''}`;
  }

  clearedCookie(): string {
    return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${this.secure ? '; Secure' : ''}`;
  }
}

/** The public name of a credential for the audit log: a session's ref, never its id or the token. */
export function credentialRef(credential: Credential): string {
  return credential.kind === 'session' ? `session:${credential.session.ref}` : credential.kind;
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
