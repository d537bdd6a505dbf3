import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchToResult } from '../../electron/api/index.js';
import { buildProfileBytes } from '../../electron/profiles/index.js';
import { enrollmentProfileHandlers } from '../../electron/station/enrollment-profile-handlers.js';
import type { Station } from '../../electron/station/station.js';
import { stationInternals } from '../../electron/station/station-internals.js';
import { openTestStation } from '../unit/admin/station-fixture.js';
import { ENROLL_PROFILE } from './staging/harness.js';

const enrollment = readFileSync(ENROLL_PROFILE);
const wifi = buildProfileBytes({ identifier: 'com.example.wifi', displayName: 'Wi-Fi', payloads: [{ kind: 'wifi', ssid: 'CartNet' }] });

/** An MDM server on loopback: the enrollment URL, and the ways a wrong one goes wrong. */
function mdmServer(): Server {
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/enroll': (res) => {
      res.setHeader('Content-Type', 'application/x-apple-aspen-config');
      res.end(enrollment);
    },
    '/wifi': (res) => res.end(wifi),
    '/login': (res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>Sign in</title><form>…</form>');
    },
    // No Content-Length (chunked): the cap must hold while streaming, not only on the header.
    '/huge': (res) => {
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      for (let i = 0; i < 6; i++) res.write(chunk);
      res.end();
    },
    '/slow': () => {
      // Never answers: the station's timeout must end the wait.
    },
  };
  return createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route) return route(res);
    res.statusCode = 404;
    res.end('not here');
  });
}

describe('enrollmentProfile.fetch: the station fetches the enrollment URL and keeps the profile', () => {
  let station: Station;
  let dispose: () => Promise<void>;
  let server: Server;
  let base = '';
  const run = (name: string, input: unknown) => dispatchToResult(station.handlers, name, input);

  beforeAll(async () => {
    ({ station, dispose } = await openTestStation());
    server = mdmServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await dispose();
  });

  it('fetches, checks and stores the profile; show answers the same summary; the source is the URL', async () => {
    const fetched = await run('enrollmentProfile.fetch', { url: `${base}/enroll` });
    if (!fetched.ok) throw new Error(fetched.error.message);
    const value = fetched.value as { metadata: { source: unknown; serverUrl: string | null; topic: string | null; sha256: string }; inspection: { displayName: string | null; mdm: { serverUrl: string | null } | null } };
    expect(value.metadata.source).toEqual({ kind: 'url', url: `${base}/enroll` });
    expect(value.metadata.serverUrl).toBe('https://mdm.example.com/mdm/connect');
    expect(value.inspection.displayName).toBe('Example MDM Enrollment');
    const shown = await run('enrollmentProfile.show', {});
    expect(shown).toMatchObject({ ok: true, value: { metadata: { sha256: value.metadata.sha256, source: { kind: 'url' } }, inspection: { displayName: 'Example MDM Enrollment' } } });
    const audit = stationInternals(station).store.audit.query({ action: 'enrollmentProfile.import', limit: 5 });
    expect(audit[0]?.details).toMatchObject({ source: 'url', sha256: value.metadata.sha256 });
  });

  it('answers a 404, a web page, a profile without MDM payload and an oversized body with a sentence, and keeps the stored profile', async () => {
    const before = await run('enrollmentProfile.show', {});
    const cases: [string, RegExp][] = [
      ['/missing', /answered HTTP 404.*check the enrollment URL/i],
      ['/login', /not a configuration profile \(text\/html\)/i],
      ['/wifi', /no MDM payload/i],
      ['/huge', /more than 5 MB/i],
    ];
    for (const [path, message] of cases) {
      const r = await run('enrollmentProfile.fetch', { url: `${base}${path}` });
      expect(r, path).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(message) } });
    }
    expect(await run('enrollmentProfile.show', {})).toEqual(before);
  });

  it('refuses other schemes, credentials over plain http, a bad URL and an unknown host up front', async () => {
    const cases: [string, RegExp][] = [
      ['ftp://mdm.example.com/enroll', /must use https:\/\//],
      [`${base.replace('http://', 'http://staging:pw@')}/enroll`, /credentials must not travel over plain http/i],
      ['mdm.example.com/enroll', /not a valid URL/i],
      // .invalid never resolves (RFC 6761); without a resolver the lookup fails with EAI_AGAIN.
      ['https://mdm.cartwright-test.invalid/enroll', /cannot find the server "mdm\.cartwright-test\.invalid" \(DNS lookup failed/i],
    ];
    for (const [url, message] of cases) {
      const r = await run('enrollmentProfile.fetch', { url });
      expect(r, url).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(message) } });
    }
    expect(await run('enrollmentProfile.fetch', { url: '  ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('gives up on a server that never answers, saying so', async () => {
    const { options } = stationInternals(station);
    const config = { dataDir: options.dataDir, concurrency: options.concurrency, actor: options.actor, source: options.source };
    const impatient = enrollmentProfileHandlers({ config, audit: () => undefined }, { timeoutMs: 300 });
    const started = Date.now();
    await expect(impatient['enrollmentProfile.fetch']({ url: `${base}/slow` })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/did not answer within 300 ms; check the URL/i) });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
