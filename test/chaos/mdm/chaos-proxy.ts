import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Rng } from '../core/rng.js';
import type { Window } from './schedule.js';

/**
 * A loopback HTTP proxy in front of the fake Workspace ONE that acts out the schedule's windows.
 * Kept here rather than in test/helpers/fake-ws1.ts so the MDM integration test's fake stays as
 * it is: the fake is the MDM, this is the network and the load balancer in front of it.
 */
export class ChaosProxy {
  readonly stats: Record<string, number> = {};
  private server: Server | undefined;
  private port = 0;
  private window: Window = { mode: 'pass', ms: 0, rate: 0 };
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<ServerResponse>();

  constructor(
    private readonly upstream: string,
    private readonly rng: Rng,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Switches to the next window; `refuse` closes the port (ECONNREFUSED), the others answer badly. */
  async enter(window: Window): Promise<void> {
    this.window = window;
    if (window.mode === 'refuse') await this.down();
    else await this.up();
    if (window.mode !== 'blackhole') this.releaseHeld();
  }

  async close(): Promise<void> {
    this.releaseHeld();
    await this.down();
  }

  private count(what: string): void {
    this.stats[what] = (this.stats[what] ?? 0) + 1;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const w = this.window;
    const hit = w.mode !== 'pass' && this.rng.chance(w.rate);
    if (!hit) return this.forward(req, res, false);
    switch (w.mode) {
      case 'reset':
        this.count('reset');
        req.socket.destroy();
        return;
      case 'blackhole':
        // Never answer: the client's own timeout must fire. Released when the window ends.
        this.count('blackhole');
        this.held.add(res);
        return;
      case 'unavailable':
        this.count('503');
        res.writeHead(503, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
        return;
      case 'throttle': {
        this.count('429');
        // Mostly short Retry-After values (the HTTP client sleeps through them), some absent (back-off).
        const retry = this.rng.chance(0.8) ? { 'retry-after': this.rng.chance(0.75) ? '0' : '1' } : {};
        res.writeHead(429, { 'content-type': 'application/json', ...retry }).end(JSON.stringify({ errorCode: 429, message: 'Too many requests' }));
        return;
      }
      case 'lose-response':
        return this.forward(req, res, true);
      default:
        return this.forward(req, res, false);
    }
  }

  /** Passes the call to the fake; with `lose`, the fake acts but its answer never reaches the station. */
  private forward(req: IncomingMessage, res: ServerResponse, lose: boolean): void {
    const target = new URL(req.url ?? '/', this.upstream);
    const up = request(target, { method: req.method, headers: req.headers }, (answer) => {
      if (lose) {
        this.count('lost-response');
        answer.resume();
        answer.once('end', () => req.socket.destroy());
        return;
      }
      this.count('forwarded');
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => {
      this.count('upstream-error');
      req.socket.destroy();
    });
    req.pipe(up);
  }

  private releaseHeld(): void {
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
  }
}
