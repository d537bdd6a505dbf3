import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { MdmError } from '../../../electron/mdm/errors.js';
import { HttpClient, parseLinkHeader, retryAfterMs, type HttpClientOptions } from '../../../electron/mdm/http.js';
import { createMdmLogger } from '../../../electron/mdm/logger.js';
import { WorkspaceOneConnector } from '../../../electron/mdm/ws1/connector.js';
import { parseWs1Error } from '../../../electron/mdm/ws1/errors.js';
import { scriptedServer, type Scripted } from './scripted-server.js';

const ok = z.object({ ok: z.boolean() });

describe('HttpClient', () => {
  let server: Scripted;
  let sleeps: number[];
  const client = (extra: Partial<HttpClientOptions> = {}): HttpClient =>
    new HttpClient({ baseUrl: server.url, label: 'Test MDM', parseError: parseWs1Error, retries: 2, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), ...extra });

  beforeEach(async () => {
    server = await scriptedServer();
    sleeps = [];
  });
  afterEach(async () => {
    await server.close();
  });

  it('waits Retry-After on 429 and retries, even a POST (a 429 was not processed)', async () => {
    server.handle((_req, res, n) => (n === 1 ? res.writeHead(429, { 'retry-after': '2' }).end() : res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')));
    const r = await client().request({ method: 'POST', path: '/x', json: {}, schema: ok });
    expect(r.data.ok).toBe(true);
    expect(sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  it('hands a long Retry-After to the caller (the outbox) instead of sleeping through it', async () => {
    server.handle((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    const error = (await client().request({ method: 'GET', path: '/x', schema: ok }).catch((e: unknown) => e)) as MdmError;
    expect(error.code).toBe('MDM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 for idempotent calls with jittered back-off, not for a POST', async () => {
    server.handle((_req, res, n) => (n < 3 ? res.writeHead(500).end('{"errorCode":0,"message":"boom"}') : res.writeHead(200).end('{"ok":true}')));
    await client().request({ method: 'GET', path: '/x', schema: ok });
    expect(sleeps).toEqual([375, 750]); // half the ceiling plus random()·half: 500·2^n → 250+125, 500+250

    server.requests.length = 0;
    server.handle((_req, res) => res.writeHead(500).end('{"errorCode":0,"message":"boom","activityId":"a1"}'));
    const error = (await client().request({ method: 'POST', path: '/x' }).catch((e: unknown) => e)) as MdmError;
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'MDM_UNAVAILABLE', retryable: true, status: 500, vendor: { errorCode: 0, message: 'boom', activityId: 'a1' } });
  });

  it('times out and says so; an idempotent call is retried, a POST is not', async () => {
    server.handle(() => undefined); // never answers
    const get = (await client({ timeoutMs: 150, retries: 1 }).request({ method: 'GET', path: '/slow' }).catch((e: unknown) => e)) as MdmError;
    expect(get.message).toMatch(/did not answer within 150 ms \(GET http:\/\/127\.0\.0\.1:\d+\/slow\)/);
    expect(get.retryable).toBe(true);
    expect(server.requests).toHaveLength(2);
    server.requests.length = 0;
    await client({ timeoutMs: 150 }).request({ method: 'POST', path: '/slow' }).catch(() => undefined);
    expect(server.requests).toHaveLength(1);
  });

  it('reports malformed JSON clearly (retrying idempotent calls) and a wrong shape without retrying', async () => {
    server.handle((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('<html>gateway</html>'));
    const malformed = (await client().request({ method: 'GET', path: '/x', schema: ok }).catch((e: unknown) => e)) as MdmError;
    expect(malformed.message).toMatch(/malformed JSON \(starts "<html>gateway<\/html>"\)/);
    expect(server.requests).toHaveLength(3);
    server.requests.length = 0;
    server.handle((_req, res) => res.writeHead(200).end('{"ok":"yes"}'));
    const shape = (await client().request({ method: 'GET', path: '/x', schema: ok }).catch((e: unknown) => e)) as MdmError;
    expect(shape.message).toMatch(/unexpected shape: ok: /);
    expect(shape.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('turns wrong credentials into UNAUTHORIZED with the WS1 error and a remedy', async () => {
    server.handle((_req, res) => res.writeHead(401).end('{"errorCode":1005,"message":"Authentication failed","activityId":"6a1b"}'));
    const error = (await client().request({ method: 'GET', path: '/x' }).catch((e: unknown) => e)) as MdmError;
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.describe()).toBe('UNAUTHORIZED (HTTP 401): Test MDM refused the credentials (HTTP 401): Authentication failed [errorCode 1005, activityId 6a1b]');
    expect(error.remedy).toMatch(/aw-tenant-code/);
    expect(server.requests).toHaveLength(1);
  });

  it('parses Retry-After and Link headers', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(parseLinkHeader('<https://a/x?startingAfter=1>; rel=first, <https://a/x?startingAfter=9>; rel=next')).toEqual({ first: 'https://a/x?startingAfter=1', next: 'https://a/x?startingAfter=9' });
    expect(parseLinkHeader(null)).toEqual({});
  });
});

describe('WS1 credentials', () => {
  let server: Scripted;
  beforeEach(async () => {
    server = await scriptedServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('refreshes an OAuth token once after a 401 and never logs a credential', async () => {
    let grants = 0;
    server.handle((req, res) => {
      if (req.url === '/token') {
        grants++;
        return res.writeHead(200).end(JSON.stringify({ access_token: `tok-${grants}`, expires_in: 3600 }));
      }
      if (req.headers.authorization === 'Bearer tok-1') return res.writeHead(401).end('{"errorCode":1,"message":"token expired"}');
      return res.writeHead(200).end(JSON.stringify({ Id: { Value: 5 }, SerialNumber: 'ABC', EnrollmentStatus: 'Enrolled' }));
    });
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) });
    const logger = createMdmLogger(sink, 'debug');
    const ws1 = new WorkspaceOneConnector(
      { url: server.url, auth: { method: 'oauth', clientId: 'cid', clientSecret: 'sup3r-s3cret', tokenUrl: `${server.url}/token`, tenantCode: 'TCODE-9' } },
      { logger, http: { sleep: async () => undefined } },
    );
    const device = await ws1.getDeviceBySerial('ABC');
    expect(device?.id).toBe('5');
    expect(grants).toBe(2);
    const log = lines.join('');
    expect(log).toMatch(/mdm request/);
    for (const secret of ['sup3r-s3cret', 'tok-1', 'tok-2', 'TCODE-9', 'cid']) expect(log).not.toContain(secret);
  });

  it('never logs Basic credentials, even when a log line carries headers', () => {
    const lines: string[] = [];
    const logger = createMdmLogger(new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) }), 'info');
    logger.info({ headers: { authorization: 'Basic c2VjcmV0', 'aw-tenant-code': 'TENANT' }, config: { password: 'pw1', apiKey: 'k1' } }, 'debug');
    expect(lines.join('')).not.toMatch(/c2VjcmV0|TENANT|pw1|k1/);
  });
});
