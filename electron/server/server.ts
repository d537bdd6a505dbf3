import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HostError, kioskEvent, toApiError, type RequestContext } from '../api/index.js';
import { handleApi, sendError } from './api-route.js';
import { TokenAuth, credentialRef, type Credential } from './auth.js';
import { SECURITY_HEADERS, contentSecurityPolicy } from './csp.js';
import { EventsSocket } from './events-socket.js';
import { isLoopbackHost } from './loopback.js';
import { checkServerOptions, type ServerOptions } from './options.js';
import { hostAllowed, offeredProtocols, originAllowed } from './request-guards.js';
import { handleSessionRoute } from './session-routes.js';
import { SessionStore } from './sessions.js';
import { openStaticFile, resolveStaticFile } from './static-files.js';
import { fingerprintOf } from './tls.js';

export interface RunningServer {
  /** The address to open, without any credential. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The access token (made for this run unless given); null on a tokenless server. Never printed. */
  readonly token: string | null;
  /** SHA-256 fingerprint of the TLS certificate; null over plain HTTP. */
  readonly tlsFingerprint: string | null;
  /**
   * A one-time sign-in address: its code opens one browser session, once. `path` is appended
   * (e.g. '#/kiosk'). On a tokenless server it is the plain address.
   */
  signInUrl(path?: string): string;
  /** Replaces the access token; every session and unused sign-in link ends with the old one. */
  setToken(token: string): number;
  /** Signs every browser out. */
  revokeSessions(): number;
  sessionCount(): number;
  /** Screens connected to the event stream now. */
  eventClients(): number;
  close(): Promise<void>;
}

const CSP = contentSecurityPolicy('self');
const USER_AGENT_MAX = 200;

/**
 * The station over HTTP(S) + WebSocket, plus the built screens. Throws ServerConfigError before
 * listening when the options would expose the station.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { host, port, token } = checkServerOptions(options);
  const log = options.log ?? (() => undefined);
  const secure = options.tls !== undefined;
  const auth = new TokenAuth(token, new SessionStore(options.sessionTtlMs), secure);
  const loopback = isLoopbackHost(host);
  const kiosk = options.kiosk ?? false;
  // A kiosk's screens get only the events a kiosk shows, without serials or holders.
  const events = new EventsSocket(options.subscribe, kiosk ? kioskEvent : undefined);
  const api = { handlers: options.handlers, kiosk, log };
  const staticDir = options.staticDir ?? null;
  let baseUrl = '';
  const signInUrl = (path = ''): string => (auth.required ? `${baseUrl}?code=${auth.sessions.mintCode()}${path}` : `${baseUrl}${path}`);

  const contextOf = (req: IncomingMessage, credential: Credential): RequestContext => {
    const ua = req.headers['user-agent'];
    return {
      source: kiosk ? 'kiosk' : 'api',
      ...(req.socket.remoteAddress ? { address: req.socket.remoteAddress } : {}),
      ...(ua ? { userAgent: ua.slice(0, USER_AGENT_MAX) } : {}),
      session: credentialRef(credential),
    };
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    res.setHeader('Content-Security-Policy', CSP);
    const url = new URL(req.url ?? '/', 'http://station.invalid');
    if (!hostAllowed(req, loopback) || !originAllowed(req)) {
      sendError(res, toApiError(new HostError('UNAUTHORIZED', 'This request comes from another site and was refused.')), 403);
      return;
    }
    if (url.pathname.startsWith('/auth/')) {
      handleSessionRoute({ auth, signInUrl, log }, req, res, url.pathname);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const credential = auth.credential(req);
      if (credential === null) return unauthorized(res);
      await handleApi(api, req, res, url.pathname, contextOf(req, credential));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, toApiError(new HostError('INVALID_INPUT', 'Only GET is served here.')), 405);
      return;
    }
    // Signing in: a one-time code (spent here, whatever follows) or the token itself opens a session.
    const code = url.searchParams.get('code');
    const signsIn = auth.required && (auth.sessions.redeemCode(code) || auth.queryOk(url));
    if (signsIn) {
      const session = auth.sessions.create();
      res.setHeader('Set-Cookie', auth.sessionCookie(session));
      log(`session ${session.ref} opened from ${req.socket.remoteAddress ?? 'an unknown address'}`);
    } else if (auth.credential(req) === null) {
      return code ? unauthorized(res, 'This sign-in address was already used or has expired.', 'Ask the operator for a new one (cartwright serve prints one at start and on Enter).') : unauthorized(res);
    }
    await serveStatic(staticDir, req, res, url.pathname);
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    onRequest(req, res).catch((err: unknown) => {
      log(`request failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendError(res, toApiError(err));
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, handler) : createHttpServer(handler);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://station.invalid').pathname;
    if (path !== '/api/events') return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(req, loopback) || !originAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (auth.credential(req) === null && !auth.protocolOk(offeredProtocols(req))) return refuseUpgrade(socket, 401, 'Unauthorized');
    events.upgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  // A TLS handshake that fails (a client that does not trust the certificate) is the client's business.
  server.on('tlsClientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  baseUrl = `${secure ? 'https' : 'http'}://${shownHost}:${bound}/`;
  const tlsFingerprint = options.tls ? fingerprintOf(options.tls.cert) : null;
  log(`serving the station on ${baseUrl}${token ? ' (access token required)' : ' WITHOUT AN ACCESS TOKEN: any program on this computer can control the station'}`);
  if (!secure && !loopback) log('warning: plain HTTP beyond loopback — the network can read every screen and session cookie; serve with --tls');

  return {
    url: baseUrl,
    host,
    port: bound,
    token,
    tlsFingerprint,
    signInUrl,
    setToken: (next) => auth.setToken(next),
    revokeSessions: () => auth.sessions.revokeAll(),
    sessionCount: () => auth.sessions.size,
    eventClients: () => events.clientCount,
    close: async () => {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function unauthorized(res: ServerResponse, message = 'This station needs its access token.', remedy = 'Open the sign-in address the operator gave you (it carries ?code=… or ?token=…).'): void {
  res.setHeader('WWW-Authenticate', 'Bearer realm="cartwright"');
  sendError(res, toApiError(new HostError('UNAUTHORIZED', message, remedy)));
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function serveStatic(staticDir: string | null, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (staticDir === null) {
    sendError(res, toApiError(new HostError('NOT_FOUND', 'This server serves the station API only.')));
    return;
  }
  const file = await resolveStaticFile(staticDir, pathname);
  if (!file) {
    const built = await resolveStaticFile(staticDir, '/');
    const error = built
      ? new HostError('NOT_FOUND', 'There is nothing at this address.')
      : new HostError('NOT_FOUND', 'The station screens are not built.', 'Run npm run build:renderer, then reload.');
    sendError(res, toApiError(error), built ? 404 : 503);
    return;
  }
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.size,
    'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(openStaticFile(file), res);
}
