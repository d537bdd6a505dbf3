import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HostError, toApiError } from '../api/index.js';
import { handleApi, sendError } from './api-route.js';
import { TokenAuth } from './auth.js';
import { SECURITY_HEADERS, contentSecurityPolicy } from './csp.js';
import { EventsSocket } from './events-socket.js';
import { isLoopbackHost } from './loopback.js';
import { checkServerOptions, type ServerOptions } from './options.js';
import { hostAllowed, offeredProtocols, originAllowed } from './request-guards.js';
import { openStaticFile, resolveStaticFile } from './static-files.js';

export interface RunningServer {
  /** The address to open, without the token (which is never printed). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Screens connected to the event stream now. */
  eventClients(): number;
  close(): Promise<void>;
}

const CSP = contentSecurityPolicy('self');

/**
 * The station over HTTP + WebSocket, plus the built screens. Throws ServerConfigError before
 * listening when the options would expose the station (another address without a token).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { host, port, token } = checkServerOptions(options);
  const log = options.log ?? (() => undefined);
  const auth = new TokenAuth(token);
  const loopback = isLoopbackHost(host);
  const events = new EventsSocket(options.subscribe);
  const api = { handlers: options.handlers, kiosk: options.kiosk ?? false, log };
  const staticDir = options.staticDir ?? null;

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    res.setHeader('Content-Security-Policy', CSP);
    const url = new URL(req.url ?? '/', 'http://station.invalid');
    if (!hostAllowed(req, loopback) || !originAllowed(req)) {
      sendError(res, toApiError(new HostError('UNAUTHORIZED', 'This request comes from another site and was refused.')), 403);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!auth.headerOk(req)) return unauthorized(res);
      await handleApi(api, req, res, url.pathname);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, toApiError(new HostError('INVALID_INPUT', 'Only GET is served here.')), 405);
      return;
    }
    const viaQuery = auth.queryOk(url);
    if (!viaQuery && !auth.headerOk(req) && !auth.cookieOk(req)) return unauthorized(res);
    const cookie = viaQuery ? auth.sessionCookie() : null;
    if (cookie) res.setHeader('Set-Cookie', cookie);
    await serveStatic(staticDir, req, res, url.pathname);
  };

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      log(`request failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendError(res, toApiError(err));
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://station.invalid').pathname;
    if (path !== '/api/events') return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(req, loopback) || !originAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!auth.headerOk(req) && !auth.cookieOk(req) && !auth.protocolOk(offeredProtocols(req))) return refuseUpgrade(socket, 401, 'Unauthorized');
    events.upgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${bound}/`;
  log(`serving the station on ${url}${token ? ' (access token required)' : ''}`);

  return {
    url,
    host,
    port: bound,
    eventClients: () => events.clientCount,
    close: async () => {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function unauthorized(res: ServerResponse): void {
  res.setHeader('WWW-Authenticate', 'Bearer realm="cartwright"');
  sendError(res, toApiError(new HostError('UNAUTHORIZED', 'This station needs its access token.', 'Open the address the operator gave you, including ?token=…')));
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
