import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'cartwright_session';
/** The WebSocket subprotocol the screens speak; a browser cannot set headers on a WebSocket. */
export const WS_PROTOCOL = 'cartwright.v1';
export const WS_TOKEN_PREFIX = 'cartwright-token.';

/**
 * The access-token check. API calls carry the token in a header (the page keeps it in
 * sessionStorage); the page load may carry `?token=` once, and gets back an HttpOnly session cookie
 * (an HMAC of the token, never the token) so its scripts, styles and event socket load too.
 */
export class TokenAuth {
  private readonly token: Buffer | null;
  private readonly session: string | null;

  constructor(token: string | null) {
    this.token = token === null ? null : Buffer.from(token, 'utf8');
    this.session = token === null ? null : createHmac('sha256', token).update('cartwright session v1').digest('base64url');
  }

  get required(): boolean {
    return this.token !== null;
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

  cookieOk(req: IncomingMessage): boolean {
    if (this.session === null) return true;
    const value = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!value) return false;
    const a = Buffer.from(value);
    const b = Buffer.from(this.session);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The token offered as a WebSocket subprotocol (`cartwright-token.<base64url>`). */
  protocolOk(protocols: ReadonlySet<string>): boolean {
    if (this.token === null) return true;
    for (const p of protocols) {
      if (p.startsWith(WS_TOKEN_PREFIX) && this.matches(Buffer.from(p.slice(WS_TOKEN_PREFIX.length), 'base64url').toString('utf8'))) return true;
    }
    return false;
  }

  sessionCookie(): string | null {
    return this.session === null ? null : `${SESSION_COOKIE}=${this.session}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
