import { randomBytes } from 'node:crypto';
import type { StationEvent } from '../api/index.js';
import type { HostedHandlers } from '../api/index.js';
import { isLoopbackHost } from './loopback.js';

export interface ServerOptions {
  /** The station's handlers (the station composition root, or small test objects). */
  handlers: HostedHandlers;
  /** Subscribes to the station's events; returns the unsubscribe function. */
  subscribe: (listener: (event: StationEvent) => void) => () => void;
  /** Default 127.0.0.1. Any other address requires `token`. */
  host?: string;
  /** Default 8420; 0 picks a free port. */
  port?: number;
  /**
   * Access token every request must carry (or a session opened with it). Left out, the server makes
   * a random one for this run: people sign in through `RunningServer.signInUrl()`.
   */
  token?: string | undefined;
  /**
   * No access check at all: any process on this computer controls the station. Loopback only, and
   * only when asked for by name (`cartwright serve --insecure-no-token`).
   */
  insecureNoToken?: boolean;
  /** Serve HTTPS with this PEM certificate and key (see tls.ts for loading or generating them). */
  tls?: { cert: string; key: string } | undefined;
  /** How long a browser session lasts (default 12 hours). */
  sessionTtlMs?: number;
  /** The built renderer (dist/renderer); null serves the API only. */
  staticDir?: string | null;
  /** Serve the screens in kiosk mode (and refuse non-kiosk commands). */
  kiosk?: boolean;
  /** One line per event worth keeping (never the token, never a query string). */
  log?: (line: string) => void;
}

export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
  constructor(
    readonly code: 'TOKEN_REQUIRED' | 'TOKEN_TOO_SHORT' | 'TOKEN_CONFLICT' | 'BAD_PORT' | 'TLS_INVALID',
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8420;
const MIN_TOKEN_LENGTH = 16;

export interface CheckedServerOptions {
  host: string;
  port: number;
  /** null only with insecureNoToken. */
  token: string | null;
  /** The token was made here for this run (nobody was told it; sign-in links are printed instead). */
  generated: boolean;
}

/** A fresh access token: 32 random bytes, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Refuses configurations that would expose the station: no access check unless asked for by name
 * and on loopback, a weak token, a bad port. Makes the token when none is given.
 */
export function checkServerOptions(options: Pick<ServerOptions, 'host' | 'port' | 'token' | 'insecureNoToken'>): CheckedServerOptions {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const given = options.token ? options.token : null;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ServerConfigError('BAD_PORT', `The port must be a number from 0 to 65535 (got ${String(port)}).`);
  if (options.insecureNoToken) {
    if (given !== null) throw new ServerConfigError('TOKEN_CONFLICT', 'Give either an access token or --insecure-no-token, not both.');
    if (!isLoopbackHost(host)) {
      throw new ServerConfigError(
        'TOKEN_REQUIRED',
        `Refusing to listen on ${host} without an access token: other computers could control this station. Drop --insecure-no-token (a token is made for you), or listen on 127.0.0.1.`,
      );
    }
    return { host, port, token: null, generated: false };
  }
  if (given !== null && given.length < MIN_TOKEN_LENGTH) {
    throw new ServerConfigError('TOKEN_TOO_SHORT', `The access token must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24).`);
  }
  return given !== null ? { host, port, token: given, generated: false } : { host, port, token: randomToken(), generated: true };
}
