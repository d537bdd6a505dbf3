import { MdmError } from '../errors.js';
import type { HttpClient } from '../http.js';
import { ws1Schemas } from './schemas.js';

export type Ws1Auth =
  | { method: 'basic'; username: string; password: string; tenantCode: string }
  | { method: 'oauth'; clientId: string; clientSecret: string; tokenUrl: string; tenantCode?: string };

/** Refresh this long before the token's stated expiry, so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The headers every WS1 call carries. Basic always goes with `aw-tenant-code` (the REST API key):
 * the spec lists its schemes as alternatives, but real tenants want both. OAuth client credentials
 * fetch a bearer token, cache it until shortly before it expires, and refresh it on a 401.
 */
export class Ws1Credentials {
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly auth: Ws1Auth,
    private readonly tokenClient: HttpClient,
    private readonly now: () => number = Date.now,
  ) {}

  async headers(): Promise<Record<string, string>> {
    if (this.auth.method === 'basic') {
      const basic = Buffer.from(`${this.auth.username}:${this.auth.password}`, 'utf8').toString('base64');
      return { authorization: `Basic ${basic}`, 'aw-tenant-code': this.auth.tenantCode };
    }
    const token = await this.bearer();
    return { authorization: `Bearer ${token}`, ...(this.auth.tenantCode ? { 'aw-tenant-code': this.auth.tenantCode } : {}) };
  }

  /** After a 401: drop the cached token. Returns whether a retry can help (only OAuth can refresh). */
  async invalidate(): Promise<boolean> {
    if (this.auth.method !== 'oauth') return false;
    this.token = undefined;
    return true;
  }

  private async bearer(): Promise<string> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.token.value;
    // One refresh at a time: concurrent outbox deliveries share the same new token.
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    if (this.auth.method !== 'oauth') throw new Error('unreachable');
    const { data } = await this.tokenClient.request({
      method: 'POST',
      path: this.auth.tokenUrl,
      form: { grant_type: 'client_credentials', client_id: this.auth.clientId, client_secret: this.auth.clientSecret },
      schema: ws1Schemas().oauthToken,
      auth: false,
      // The token endpoint creates nothing: asking again after a timeout is harmless.
      idempotent: true,
    });
    const lifetime = Number(data.expires_in ?? 3600);
    if (!data.access_token) throw new MdmError('UNAUTHORIZED', 'The Workspace ONE token endpoint returned no access token');
    this.token = { value: data.access_token, expiresAt: this.now() + (Number.isFinite(lifetime) ? lifetime : 3600) * 1000 };
    return data.access_token;
  }
}
