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
  /** Access token; when set, every request must carry it. */
  token?: string | undefined;
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
    readonly code: 'TOKEN_REQUIRED' | 'TOKEN_TOO_SHORT' | 'BAD_PORT',
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8420;
const MIN_TOKEN_LENGTH = 16;

/** Refuses configurations that would expose the station: another address without a strong token. */
export function checkServerOptions(options: Pick<ServerOptions, 'host' | 'port' | 'token'>): { host: string; port: number; token: string | null } {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const token = options.token ? options.token : null;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ServerConfigError('BAD_PORT', `The port must be a number from 0 to 65535 (got ${String(port)}).`);
  if (!isLoopbackHost(host) && !token) {
    throw new ServerConfigError(
      'TOKEN_REQUIRED',
      `Refusing to listen on ${host} without an access token: other computers could control this station. Give --token (or CARTWRIGHT_SERVE_TOKEN), or listen on 127.0.0.1.`,
    );
  }
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    throw new ServerConfigError('TOKEN_TOO_SHORT', `The access token must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24).`);
  }
  return { host, port, token };
}
