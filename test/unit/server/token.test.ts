import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StationEvent } from '../../../electron/api/index.js';
import { startServer, type RunningServer } from '../../../electron/server/index.js';
import { fakeStation } from './fake-handlers.js';
import { post, raw } from './http-helpers.js';

const TOKEN = 'tok-0123456789abcdef-xyz';
const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Opens /api/events; resolves with the socket once open, or with the refusal's HTTP status. */
function connect(port: number, opts: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, opts.protocols ?? [], { headers: opts.headers ?? {} });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

describe('server with an access token', () => {
  const station = fakeStation();
  const logs: string[] = [];
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-token-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Cartwright</title>');
    server = await startServer({ handlers: station.handlers, subscribe: station.subscribe, host: '127.0.0.1', port: 0, token: TOKEN, staticDir: dir, log: (l) => logs.push(l) });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects API calls without the token (401), and with a wrong one', async () => {
    const none = await post(server.port, 'devices.list', {});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.code).toBe('UNAUTHORIZED');
    expect((await post(server.port, 'devices.list', {}, { Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await raw(server.port, 'GET', '/api/host')).status).toBe(401);
  });

  it('accepts the token as a bearer or X-Cartwright-Token header', async () => {
    expect((await post(server.port, 'devices.list', {}, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await post(server.port, 'devices.list', {}, { 'X-Cartwright-Token': TOKEN })).status).toBe(200);
  });

  it('does not accept the token in the query string for API calls', async () => {
    expect((await raw(server.port, 'POST', `/api/devices.list?token=${TOKEN}`, { 'Content-Type': 'application/json' }, '{}')).status).toBe(401);
  });

  it('rejects the page without the token; with ?token= it sets an HttpOnly session cookie (not the token)', async () => {
    expect((await raw(server.port, 'GET', '/')).status).toBe(401);
    const page = await raw(server.port, 'GET', `/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/^cartwright_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    expect((await raw(server.port, 'GET', '/', { Cookie: session })).status).toBe(200);
    // The cookie opens the API for the page's own scripts; a cross-site page is refused by its Origin.
    expect((await post(server.port, 'devices.list', {}, { Cookie: session })).status).toBe(200);
    expect((await post(server.port, 'devices.list', {}, { Cookie: session, Origin: 'http://evil.example' })).status).toBe(403);
  });

  it('rejects the event socket without the token (401)', async () => {
    expect(await connect(server.port)).toEqual({ status: 401 });
    expect(await connect(server.port, { protocols: ['cartwright.v1', `cartwright-token.${b64('wrong-token-000000')}`] })).toEqual({ status: 401 });
  });

  it('streams events to a socket that offers the token as a subprotocol', async () => {
    const result = await connect(server.port, { protocols: ['cartwright.v1', `cartwright-token.${b64(TOKEN)}`] });
    if (!('ws' in result)) throw new Error(`refused: ${result.status}`);
    const { ws } = result;
    expect(ws.protocol).toBe('cartwright.v1');
    const got = new Promise<StationEvent>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as StationEvent)));
    await expect.poll(() => station.listenerCount()).toBe(1);
    station.emit({ type: 'notice', level: 'info', message: 'Slot 3 calibrated.' });
    expect(await got).toEqual({ type: 'notice', level: 'info', message: 'Slot 3 calibrated.' });
    ws.close();
    await expect.poll(() => station.listenerCount()).toBe(0);
  });

  it('accepts the socket with a bearer header (non-browser clients)', async () => {
    const result = await connect(server.port, { protocols: ['cartwright.v1'], headers: { Authorization: `Bearer ${TOKEN}` } });
    expect('ws' in result).toBe(true);
    if ('ws' in result) result.ws.close();
  });

  it('never writes the token to its log', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});
