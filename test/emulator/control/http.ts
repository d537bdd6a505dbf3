import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { BadRequestError, ConflictError, NotFoundError } from '../cart.js';
import { STATE_FAULTS } from '../faults.js';
import type { VirtualCart } from '../index.js';

const eraseReplySchema = z.object({ mode: z.enum(['ack', 'drop']) });
const batterySchema = z.object({ level: z.number().min(0).max(100).optional(), charging: z.boolean().optional() });
const addSchema = z.object({
  productType: z.string().optional(),
  productVersion: z.string().optional(),
  name: z.string().optional(),
  serial: z.string().optional(),
  trust: z.enum(['accept', 'pending', 'deny', 'passcode']).optional(),
  unplugged: z.boolean().optional(),
  eraseReply: z.enum(['ack', 'drop']).optional(),
  faults: z.array(z.enum(STATE_FAULTS)).optional(),
});

const ACTIONS = ['plug', 'unplug', 'trust', 'deny', 'pending', 'lock', 'unlock', 'activate', 'restart', 'erase', 'finish-setup'] as const;
type Action = (typeof ACTIONS)[number];

/** The control API (JSON over HTTP on loopback); route names are a contract with scripts. */
export async function startControlServer(cart: VirtualCart, address: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    route(cart, req, res).catch((error: unknown) => reply(res, statusOf(error), { error: (error as Error).message }));
  });
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon) || '127.0.0.1';
  const port = Number.parseInt(address.slice(colon + 1), 10);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${bound.address}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(cart: VirtualCart, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://cart');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';

  if (parts[0] === 'devices') {
    if (parts.length === 1 && method === 'GET') return reply(res, 200, cart.devices());
    if (parts.length === 1 && method === 'POST') return reply(res, 201, cart.addDevice(addSchema.parse(await body(req))));
    const udid = parts[1] ?? '';
    if (parts.length === 2 && method === 'GET') return reply(res, 200, cart.device(udid));
    if (parts.length === 3 && parts[2] === 'network-twin' && (method === 'POST' || method === 'DELETE')) {
      if (method === 'POST') cart.announceNetworkTwin(udid);
      else cart.removeNetworkTwin(udid);
      return reply(res, 200, cart.device(udid));
    }
    if (parts.length === 3 && method === 'POST') {
      const action = parts[2] ?? '';
      if (action === 'battery') {
        const b = batterySchema.parse(await body(req));
        cart.setBattery(udid, b);
        return reply(res, 200, cart.device(udid));
      }
      if (action === 'erase-reply') {
        cart.setEraseReply(udid, eraseReplySchema.parse(await body(req)).mode);
        return reply(res, 200, cart.device(udid));
      }
      if ((ACTIONS as readonly string[]).includes(action)) {
        await perform(cart, udid, action as Action);
        return reply(res, 200, cart.device(udid));
      }
    }
  }
  if (parts[0] === 'faults' && parts.length === 1) {
    if (method === 'POST') {
      cart.setFault((await body(req)) as Parameters<VirtualCart['setFault']>[0]);
      return reply(res, 200, cart.faults());
    }
    if (method === 'GET') return reply(res, 200, cart.faults());
    if (method === 'DELETE') {
      cart.setFault({ clear: true });
      return reply(res, 200, cart.faults());
    }
  }
  if (parts[0] === 'counters' && parts.length === 1) {
    if (method === 'GET') return reply(res, 200, cart.protocolCounters());
    if (method === 'DELETE') {
      cart.resetProtocolCounters();
      return reply(res, 200, cart.protocolCounters());
    }
  }
  if (parts.length === 0 && method === 'GET') return reply(res, 200, { usbmuxd: cart.usbmuxAddress, addresses: cart.addresses, devices: cart.devices().length });
  reply(res, 404, { error: `no route ${method} ${url.pathname}` });
}

async function perform(cart: VirtualCart, udid: string, action: Action): Promise<void> {
  switch (action) {
    case 'plug':
      return cart.plug(udid);
    case 'unplug':
      return cart.unplug(udid);
    case 'trust':
      return cart.trust(udid);
    case 'deny':
      return cart.deny(udid);
    case 'pending':
      return cart.pending(udid);
    case 'lock':
      return cart.lock(udid);
    case 'unlock':
      return cart.unlock(udid);
    case 'activate':
      return cart.activate(udid);
    case 'restart':
      return cart.restart(udid);
    case 'erase':
      return cart.erase(udid);
    case 'finish-setup':
      return cart.finishSetup(udid);
  }
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError('body is not JSON');
  }
}

function statusOf(error: unknown): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof BadRequestError || error instanceof z.ZodError) return 400;
  return 500;
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
