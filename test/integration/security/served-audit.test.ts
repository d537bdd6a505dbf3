import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../electron/server/index.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import type { Station } from '../../../electron/station/station.js';
import { stationInternals } from '../../../electron/station/station-internals.js';
import { openTestStation } from '../../unit/admin/station-fixture.js';
import { post, raw } from '../../unit/server/http-helpers.js';

const UA = 'Mozilla/5.0 (X11; Linux) Cartwright-audit-test';
const UDID = '00008101-000A1B2C3D4E5F60';

/** A real station (real SQLite, the device layer over an empty cart) behind the real server. */
describe('the audit log of a served station says who and where', () => {
  let station: Station;
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let cookie: string;

  beforeAll(async () => {
    const opened = await openTestStation();
    station = opened.station;
    dispose = opened.dispose;
    server = await startServer({ handlers: station.handlers, subscribe: (l) => station.subscribe(l), port: 0, staticDir: null });
    const signIn = await raw(server.port, 'GET', `/?code=${new URL(server.signInUrl()).searchParams.get('code') ?? ''}`, { 'User-Agent': UA });
    cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
  });
  afterAll(async () => {
    await server.close();
    await dispose();
  });

  const rows = (action: string) => stationInternals(station).store.audit.query({ action });

  it('files a saved blueprint with the client address, user agent and session (never the session id)', async () => {
    const res = await post(server.port, 'blueprints.save', { body: prepareBlueprint({ name: 'Audited' }) }, { Cookie: cookie, 'User-Agent': UA });
    expect(res.status).toBe(200);
    const [entry] = rows('blueprint.save');
    expect(entry).toMatchObject({ source: 'api', details: { name: 'Audited', version: 1, created: true, via: { address: '127.0.0.1', userAgent: UA, session: expect.stringMatching(/^session:[0-9a-f]{12}$/) } } });
    expect(JSON.stringify(entry)).not.toContain(cookie.split('=')[1]);
  });

  it('files a failed erase and a refused blueprint, with their error codes', async () => {
    const erase = await post(server.port, 'devices.erase', { udids: [UDID], confirm: true }, { Authorization: `Bearer ${server.token}`, 'User-Agent': 'curl/8.5.0' });
    expect(erase.status).toBeGreaterThanOrEqual(400);
    const [failed] = rows('devices.erase.failed');
    expect(failed).toMatchObject({ source: 'api', udid: UDID, details: { udids: [UDID], code: expect.any(String), via: { address: '127.0.0.1', userAgent: 'curl/8.5.0', session: 'token' } } });
    expect(rows('device.erase')).toHaveLength(0);

    const bad = await post(server.port, 'blueprints.save', { body: { name: 'Broken', steps: [{ step: 'no-such-step' }] } }, { Cookie: cookie, 'User-Agent': UA });
    expect(bad.status).toBe(400);
    expect(rows('blueprints.save.failed')[0]).toMatchObject({ details: { code: 'INVALID_INPUT', via: { userAgent: UA } } });
  });

  it('files a failed MDM configuration without its credentials', async () => {
    const res = await post(server.port, 'mdm.configure', { kind: 'workspace-one', url: 'not a url', username: 'api', password: 'hunter2-secret', tenantCode: 'T', og: 'ACME' }, { Cookie: cookie });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const [failed] = rows('mdm.configure.failed');
    expect(failed).toMatchObject({ source: 'api', details: { kind: 'workspace-one', via: { session: expect.stringMatching(/^session:/) } } });
    expect(JSON.stringify(failed)).not.toContain('hunter2-secret');
  });

  it('leaves reads out, and commands from the station itself carry no client', async () => {
    expect((await post(server.port, 'devices.list', {}, { Cookie: cookie })).status).toBe(200);
    await station.handlers['blueprints.save']({ body: prepareBlueprint({ name: 'From the CLI' }) });
    const local = rows('blueprint.save').find((e) => e.details.name === 'From the CLI');
    expect(local?.details.via).toBeUndefined();
    expect(local?.source).toBe('api');
  });
});
