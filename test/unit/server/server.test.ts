import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchToResult, KioskRefusal } from '../../../electron/api/index.js';
import { startServer, type RunningServer } from '../../../electron/server/index.js';
import { device, fakeStation } from './fake-handlers.js';
import { post, raw } from './http-helpers.js';

let dir: string;
let staticDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-server-'));
  staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Cartwright</title>');
  writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(staticDir, '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'secret.txt'), 'outside the root');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('server on loopback without a token (--insecure-no-token)', () => {
  const station = fakeStation();
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ handlers: station.handlers, subscribe: station.subscribe, port: 0, staticDir, insecureNoToken: true });
  });
  afterAll(() => server.close());

  it('runs a command: POST /api/<command> with JSON in, JSON out', async () => {
    const res = await post(server.port, 'devices.list', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual([device()]);
    const renamed = await post(server.port, 'devices.rename', { udid: 'U1', name: 'Cart A 01' });
    expect(JSON.parse(renamed.body)).toEqual({ name: 'Cart A 01' });
    expect(station.calls.at(-1)).toEqual({ name: 'devices.rename', input: { udid: 'U1', name: 'Cart A 01' } });
  });

  it('answers bad JSON with 400 INVALID_INPUT', async () => {
    const res = await post(server.port, 'devices.list', '{not json');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.', remedy: expect.any(String) } });
  });

  it('answers an unknown command with 404 NOT_FOUND', async () => {
    const res = await post(server.port, 'devices.explode', {});
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('NOT_FOUND');
  });

  it('answers invalid input with 400 naming the field, before the handler runs', async () => {
    const before = station.calls.length;
    const res = await post(server.port, 'devices.rename', { udid: 'U1', name: '' });
    expect(res.status).toBe(400);
    const { error } = JSON.parse(res.body);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^The input is not valid: name:/);
    expect(station.calls.length).toBe(before);
    expect((await post(server.port, 'devices.erase', { udids: ['U1'] })).status).toBe(400); // confirm: true is required
  });

  it('refuses other methods and content types', async () => {
    expect((await raw(server.port, 'GET', '/api/devices.list')).status).toBe(405);
    expect((await raw(server.port, 'POST', '/api/devices.list', { 'Content-Type': 'text/plain' }, '{}')).status).toBe(415);
  });

  it('passes a station error through with its code, sentence and remedy (409)', async () => {
    const res = await post(server.port, 'devices.restart', { udid: 'U1' });
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'TRUST_PENDING', message: 'The device is showing “Trust This Computer?”.', remedy: 'Unlock the device and tap Trust on its screen.' },
    });
  });

  it('turns an unexpected failure into 500 INTERNAL with no stack or path', async () => {
    const res = await post(server.port, 'devices.erase', { udids: ['U1'], confirm: true });
    expect(res.status).toBe(500);
    expect(res.body).not.toMatch(/TypeError|\/home|\.ts|at /);
    expect(JSON.parse(res.body).error.code).toBe('INTERNAL');
  });

  it('answers a command the station cannot run yet with 501 NOT_SUPPORTED', async () => {
    const res = await post(server.port, 'kiosk.checkOut', { credential: { badge: '0042' } });
    expect(res.status).toBe(501);
    expect(JSON.parse(res.body).error.code).toBe('NOT_SUPPORTED');
  });

  it('serves the screens with a strict CSP and security headers', async () => {
    const res = await raw(server.port, 'GET', '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Cartwright</title>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const asset = await raw(server.port, 'GET', '/assets/app-1234.js');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
  });

  it('never serves a file outside the renderer directory, nor a dotfile', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/.env', '/%00index.html']) {
      const res = await raw(server.port, 'GET', path);
      expect(res.body, path).not.toContain('outside the root');
      expect(res.body, path).not.toContain('SECRET');
    }
  });

  it('refuses a request whose Host is not loopback (DNS rebinding) and cross-site origins', async () => {
    expect((await post(server.port, 'devices.list', {}, { Host: 'evil.example:8420' })).status).toBe(403);
    expect((await post(server.port, 'devices.list', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(server.port, 'devices.list', {}, { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('reports itself as a web host, not in kiosk mode', async () => {
    const res = await raw(server.port, 'GET', '/api/host');
    expect(JSON.parse(res.body)).toEqual({ kind: 'web', kiosk: false, canExitKiosk: false, kioskPinSet: false });
  });
});

describe('server in kiosk mode', () => {
  const station = fakeStation();
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ handlers: station.handlers, subscribe: station.subscribe, port: 0, staticDir, kiosk: true, insecureNoToken: true });
  });
  afterAll(() => server.close());

  it('refuses admin commands with 403 and still reads the cart', async () => {
    const refused = await post(server.port, 'devices.rename', { udid: 'U1', name: 'x' });
    expect(refused.status).toBe(403);
    // The refusal is dispatchCommand's own (the one allowlist every host shares), not the route's.
    const direct = await dispatchToResult(station.handlers, 'devices.rename', { udid: 'U1', name: 'x' }, { kiosk: true });
    expect(direct.ok ? null : direct.cause).toBeInstanceOf(KioskRefusal);
    expect(JSON.parse(refused.body)).toEqual({ error: direct.ok ? null : { code: direct.error.code, message: direct.error.message, remedy: direct.error.remedy } });
    expect((await post(server.port, 'devices.list', {})).status).toBe(200);
  });
});
