import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../electron/server/index.js';
import { Station } from '../../../electron/station/station.js';
import { stationInternals } from '../../../electron/station/station-internals.js';
import { emptyTransport } from '../admin/station-fixture.js';
import { post } from './http-helpers.js';

const TOKEN = 'kiosk-guessing-test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

/** The station's clock, moved by the test: backoff is shown without waiting. */
let now = Date.parse('2026-03-02T08:00:00.000Z');
const clock = () => new Date(now);
const advance = (ms: number) => {
  now += ms;
};

let dir: string;
let dataDir: string;
let station: Station;
let kiosk: RunningServer;
let admin: RunningServer;

async function serve(): Promise<void> {
  station = await Station.open({ dataDir, transport: emptyTransport(), trustTimeoutMs: 1_000, source: 'kiosk', storeOptions: { clock } });
  const subscribe = (l: Parameters<Station['subscribe']>[0]) => station.subscribe(l);
  kiosk = await startServer({ handlers: station.handlers, subscribe, port: 0, token: TOKEN, kiosk: true });
  admin = await startServer({ handlers: station.handlers, subscribe, port: 0, token: TOKEN });
}

async function stop(): Promise<void> {
  await kiosk.close();
  await admin.close();
  await station.close();
}

const identify = async (credential: Record<string, string>) => {
  const res = await post(kiosk.port, 'kiosk.identify', { credential }, auth);
  return { status: res.status, body: JSON.parse(res.body) as { error?: { code: string; message: string } } };
};
const auditLog = () => stationInternals(station).store.audit;
const refusals = () => auditLog().query({ action: 'kiosk.identify.refused', order: 'asc' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-kiosk-guess-'));
  dataDir = join(dir, 'data');
  await serve();
  await station.handlers['users.add']({ id: 'e1', name: 'Ana Ruiz', username: 'ana', badge: '4001', pin: '2468', groups: [] });
  await station.handlers['users.add']({ id: 'e2', name: 'Bo Li', username: 'bo', badge: '4002', pin: '1357', groups: [] });
});
afterAll(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('guessing a PIN at the kiosk over HTTP', () => {
  it('locks the person after the configured tries, then refuses even the right PIN unchecked', async () => {
    for (const pin of ['0000', '0001', '0002', '0003']) expect(await identify({ username: 'ana', pin })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    const fifth = await identify({ username: 'ana', pin: '0004' });
    expect(fifth).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    expect(fifth.body.error?.message).toMatch(/try again in 30 seconds/);
    expect(await identify({ username: 'ANA', pin: '2468' })).toMatchObject({ status: 429 });
    for (let i = 0; i < 20; i++) expect((await identify({ username: 'ana', pin: String(5000 + i) })).status).toBe(429);
  });

  it('writes one summarized audit entry for the burst, with the kiosk as actor and the name only as tried', async () => {
    const entries = refusals();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ actor: 'kiosk@127.0.0.1', source: 'kiosk', details: { outcome: 'locked', refusals: 5, triedNames: ['ana'], locked: [{ kind: 'user', key: 'ana' }] } });
    expect(auditLog().query({ actor: 'ana' })).toEqual([]);
    // Someone else at the same kiosk is not locked by Ana's lock; the refusals while locked are summed up then.
    expect((await identify({ username: 'bo', pin: '1357' })).status).toBe(200);
    expect(refusals()).toHaveLength(2);
    expect(refusals()[1]).toMatchObject({ actor: 'kiosk@127.0.0.1', details: { outcome: 'refused', refusals: 21 } });
  });

  it('shows the lock to an admin, and the kiosk cannot unlock itself', async () => {
    const listed = await post(admin.port, 'users.locked', {}, auth);
    expect(JSON.parse(listed.body).locked).toEqual([expect.objectContaining({ kind: 'user', key: 'ana', failures: 5 })]);
    expect((await post(kiosk.port, 'users.unlock', { key: 'ana' }, auth)).status).toBe(403);
  });

  it('backs off: each failure after the lock doubles the wait', async () => {
    advance(31_000);
    const sixth = await identify({ username: 'ana', pin: '0005' });
    expect(sixth).toMatchObject({ status: 429 });
    expect(sixth.body.error?.message).toMatch(/try again in 60 seconds/);
    advance(31_000);
    expect((await identify({ username: 'ana', pin: '2468' })).status).toBe(429);
    advance(30_000);
    expect((await identify({ username: 'ana', pin: '2468' })).status).toBe(200);
  });

  it('keeps a lock across a restart, until an admin unlocks it', async () => {
    for (let i = 0; i < 5; i++) await identify({ username: 'ana', pin: String(7000 + i) });
    await stop();
    await serve();
    expect((await identify({ username: 'ana', pin: '2468' })).status).toBe(429);
    const unlocked = await post(admin.port, 'users.unlock', { kind: 'user', key: 'ana' }, auth);
    expect(JSON.parse(unlocked.body)).toMatchObject({ unlocked: true, lockout: { key: 'ana', failures: 5 } });
    expect(auditLog().query({ action: 'users.unlock' })).toHaveLength(1);
    expect((await identify({ username: 'ana', pin: '2468' })).status).toBe(200);
  });
});

describe('guessing badges at the kiosk over HTTP', () => {
  it('locks the kiosk client after its tries, whatever badges it scans, and audits the burst once without badge numbers', async () => {
    await post(admin.port, 'users.unlock', { kind: 'client', key: '127.0.0.1' }, auth);
    const before = refusals().length;
    const answers: number[] = [];
    for (let badge = 1000; badge < 1020; badge++) answers.push((await identify({ badge: String(badge) })).status);
    expect(answers.slice(0, 19)).toEqual(Array.from({ length: 19 }, () => 404));
    expect(answers[19]).toBe(429);
    // A real badge is refused too while the client waits.
    expect((await identify({ badge: '4001' })).status).toBe(429);
    const burst = refusals().slice(before);
    expect(burst).toHaveLength(1);
    expect(burst[0]?.details).toMatchObject({ outcome: 'locked', refusals: 20, locked: [{ kind: 'client', key: '127.0.0.1' }] });
    expect(JSON.stringify(burst[0])).not.toMatch(/10[01]\d/);
    await post(admin.port, 'users.unlock', { kind: 'client', key: '127.0.0.1' }, auth);
    expect((await identify({ badge: '4001' })).status).toBe(200);
  });
});

describe('badge and PIN (two factors)', () => {
  it('refuses a badge alone and username + PIN alone, accepts the badge with its PIN, and counts a wrong PIN against the badge owner', async () => {
    await station.handlers['flows.settings']({ change: { kioskBadgeNeedsPin: true, kioskMaxTries: 3 } });
    expect(await identify({ badge: '4002' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(await identify({ username: 'bo', pin: '1357' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect((await identify({ badge: '4002', pin: '1357' })).status).toBe(200);
    expect((await identify({ badge: '4002', pin: '0000' })).status).toBe(401);
    expect((await identify({ badge: '4002', pin: '0001' })).status).toBe(401);
    expect((await identify({ badge: '4002', pin: '0002' })).status).toBe(429);
    expect((await identify({ badge: '4002', pin: '1357' })).status).toBe(429);
    const listed = JSON.parse((await post(admin.port, 'users.locked', {}, auth)).body) as { locked: { kind: string; key: string }[] };
    expect(listed.locked).toContainEqual(expect.objectContaining({ kind: 'user', key: 'bo' }));
  });
});
