import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StationEvent } from '../api/index.js';
import { WS_PROTOCOL } from './auth.js';

/** A screen that cannot keep up (8 MiB unsent) is dropped; it reconnects and reloads the cart. */
const MAX_BUFFERED = 8 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

/**
 * `/api/events`: every StationEvent, as JSON text frames, to every connected screen. One station
 * subscription per socket, released when the socket closes.
 */
export class EventsSocket {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();

  constructor(
    private readonly subscribe: (listener: (event: StationEvent) => void) => () => void,
    /** What each screen is sent of an event (null: nothing); default the event as it is. */
    private readonly view: (event: StationEvent) => StationEvent | null = (event) => event,
  ) {
    this.wss.on('connection', (ws) => this.attach(ws));
    this.heartbeat = setInterval(() => this.sweep(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  private attach(ws: WebSocket): void {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    // Screens only listen; anything they send is ignored.
    ws.on('message', () => undefined);
    const unsubscribe = this.subscribe((raw) => {
      if (ws.readyState !== ws.OPEN) return;
      const event = this.view(raw);
      if (event === null) return;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(event));
    });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
  }

  private sweep(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }

  get clientCount(): number {
    return this.wss.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
