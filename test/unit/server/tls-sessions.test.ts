import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../electron/server/index.js';
import { GENERATED_KEY_FILE, generatedTls, type TlsMaterial } from '../../../electron/server/tls.js';
import { fakeStation } from './fake-handlers.js';
import { post, raw, type RawResponse } from './http-helpers.js';

/** An HTTPS request that trusts only the certificate whose fingerprint the server printed. */
function pinned(port: number, fingerprint: string, ca: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse & { peer: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca,
        agent: false,
        headers: { Host: `127.0.0.1:${port}`, ...headers },
        checkServerIdentity: (_host, cert) => (cert.fingerprint256 === fingerprint ? undefined : new Error(`unexpected certificate ${cert.fingerprint256}`)),
      },
      (res) => {
        const chunks: Buffer[] = [];
        const peer = (res.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256 ?? '';
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), peer }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const cookieOf = (res: RawResponse): string => String(res.headers['set-cookie']).split(';')[0] ?? '';
const codeOf = (url: string): string => new URL(url).searchParams.get('code') ?? '';

let dir: string;
let staticDir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-tls-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Cartwright</title>');
  staticDir = dir;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cartwright serve over TLS with a generated certificate', () => {
  const station = fakeStation();
  let server: RunningServer;
  let tls: TlsMaterial;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cw-tls-data-'));
    tls = generatedTls(dataDir, '127.0.0.1');
    server = await startServer({ handlers: station.handlers, subscribe: station.subscribe, port: 0, staticDir, tls });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers over https with the certificate whose fingerprint it printed, and keeps its key 0600', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.tlsFingerprint).toBe(tls.fingerprint);
    expect(tls.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const res = await pinned(server.port, tls.fingerprint, tls.cert, 'GET', `/?code=${codeOf(server.signInUrl())}`);
    expect(res.status).toBe(200);
    expect(res.peer).toBe(tls.fingerprint);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(statSync(join(dataDir, GENERATED_KEY_FILE)).mode & 0o777).toBe(0o600);
    // The same pair next start: the fingerprint people wrote down stays true.
    expect(generatedTls(dataDir, '127.0.0.1').fingerprint).toBe(tls.fingerprint);
  });

  it('refuses a client that pins another certificate', async () => {
    const other = generatedTls(mkdtempSync(join(tmpdir(), 'cw-tls-other-')), '127.0.0.1');
    await expect(pinned(server.port, other.fingerprint, other.cert, 'GET', '/')).rejects.toThrow();
  });

  it('marks the session cookie Secure, HttpOnly, SameSite=Strict, with a Max-Age', async () => {
    const res = await pinned(server.port, tls.fingerprint, tls.cert, 'GET', `/?code=${codeOf(server.signInUrl())}`);
    expect(String(res.headers['set-cookie'])).toMatch(/^cartwright_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200; Secure$/);
  });
});

describe('a server started without a token (the default)', () => {
  const station = fakeStation();
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ handlers: station.handlers, subscribe: station.subscribe, port: 0, staticDir, sessionTtlMs: 60_000 });
  });
  afterAll(() => server.close());

  it('refuses a plain local request (no credential) to erase a device, the page and the socket', async () => {
    const erase = await post(server.port, 'devices.rename', { udid: 'U1', name: 'pwned' });
    expect(erase.status).toBe(401);
    expect(station.calls).toHaveLength(0);
    expect((await raw(server.port, 'GET', '/')).status).toBe(401);
    expect(server.token).toMatch(/^[\w-]{43}$/);
  });

  it('opens a session from the one-time address once; the same code again is refused', async () => {
    const url = server.signInUrl('#/kiosk');
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?code=[\\w-]{43}#/kiosk$`));
    const first = await raw(server.port, 'GET', `/?code=${codeOf(url)}`);
    expect(first.status).toBe(200);
    expect(String(first.headers['set-cookie'])).toMatch(/; Max-Age=60$/);
    const again = await raw(server.port, 'GET', `/?code=${codeOf(url)}`);
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body).error.message).toMatch(/already used or has expired/);
    expect(again.headers['set-cookie']).toBeUndefined();
    // The session it opened runs commands.
    expect((await post(server.port, 'devices.list', {}, { Cookie: cookieOf(first) })).status).toBe(200);
  });

  it('each session is its own random id: logout revokes one, the other stays', async () => {
    const a = cookieOf(await raw(server.port, 'GET', `/?code=${codeOf(server.signInUrl())}`));
    const b = cookieOf(await raw(server.port, 'GET', `/?code=${codeOf(server.signInUrl())}`));
    expect(a).not.toBe(b);
    const out = await raw(server.port, 'POST', '/auth/logout', { Cookie: a, 'Content-Type': 'application/json' }, '{}');
    expect(JSON.parse(out.body)).toEqual({ loggedOut: true });
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await post(server.port, 'devices.list', {}, { Cookie: a })).status).toBe(401);
    expect((await raw(server.port, 'GET', '/', { Cookie: a })).status).toBe(401);
    expect((await post(server.port, 'devices.list', {}, { Cookie: b })).status).toBe(200);
  });

  it('a cross-site form cannot log anyone out (JSON content type and same origin required)', async () => {
    const c = cookieOf(await raw(server.port, 'GET', `/?code=${codeOf(server.signInUrl())}`));
    expect((await raw(server.port, 'POST', '/auth/logout', { Cookie: c, 'Content-Type': 'application/x-www-form-urlencoded' }, 'x=1')).status).toBe(415);
    expect((await raw(server.port, 'POST', '/auth/logout', { Cookie: c, 'Content-Type': 'application/json', Origin: 'http://evil.example' }, '{}')).status).toBe(403);
    expect((await post(server.port, 'devices.list', {}, { Cookie: c })).status).toBe(200);
  });

  it('revoke-all and a new token end every session and void unused sign-in links', async () => {
    const c = cookieOf(await raw(server.port, 'GET', `/?code=${codeOf(server.signInUrl())}`));
    const unused = server.signInUrl();
    const revoked = await raw(server.port, 'POST', '/auth/revoke-all', { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, '{}');
    expect(JSON.parse(revoked.body).revoked).toBeGreaterThan(0);
    expect((await post(server.port, 'devices.list', {}, { Cookie: c })).status).toBe(401);
    expect((await raw(server.port, 'GET', `/?code=${codeOf(unused)}`)).status).toBe(401);

    const d = cookieOf(await raw(server.port, 'GET', `/?code=${codeOf(server.signInUrl())}`));
    const old = server.token ?? '';
    expect(server.setToken('a-brand-new-token-0123456789')).toBe(1);
    expect((await post(server.port, 'devices.list', {}, { Cookie: d })).status).toBe(401);
    expect((await post(server.port, 'devices.list', {}, { Authorization: `Bearer ${old}` })).status).toBe(401);
    expect((await post(server.port, 'devices.list', {}, { Authorization: 'Bearer a-brand-new-token-0123456789' })).status).toBe(200);
  });
});

describe('sessions expire', () => {
  it('refuses a session cookie once its Max-Age has passed', async () => {
    const station = fakeStation();
    const server = await startServer({ handlers: station.handlers, subscribe: station.subscribe, port: 0, staticDir, sessionTtlMs: 1 });
    try {
      const c = cookieOf(await raw(server.port, 'GET', `/?code=${codeOf(server.signInUrl())}`));
      await new Promise((r) => setTimeout(r, 20));
      expect((await post(server.port, 'devices.list', {}, { Cookie: c })).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
