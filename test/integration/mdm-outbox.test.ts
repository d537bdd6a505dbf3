import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MdmActions } from '../../electron/mdm/actions.js';
import { OutboxWorker } from '../../electron/mdm/outbox-worker.js';
import { WorkspaceOneConnector } from '../../electron/mdm/ws1/connector.js';
import { openStore, type Store } from '../../electron/store/index.js';
import { FakeWs1 } from '../helpers/fake-ws1.js';

const DEVICES = 10;
const USERS = [11, 12, 13, 14, 15];
const STAGING_USER = 99;

/** Polls a condition with a generous bound (the machine is small and shared). */
async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('outbox → Workspace ONE (stateful fake)', () => {
  let dir: string;
  let store: Store;
  let fake: FakeWs1;
  let worker: OutboxWorker | undefined;
  let connector: WorkspaceOneConnector;
  const serials = Array.from({ length: DEVICES }, (_, i) => `DMPX${String(i).padStart(8, '0')}`);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-outbox-'));
    store = openStore(dir, { outboxBackoff: { baseDelayMs: 20, maxDelayMs: 250, maxAttempts: null, jitterRatio: 0.2, random: Math.random } });
    fake = new FakeWs1();
    for (const id of USERS) fake.addUser({ id, username: `user${id}` });
    fake.addUser({ id: STAGING_USER, username: 'staging', stagingType: 'MultipleUserStaging' });
    fake.addGroup('ACME', 7);
    serials.forEach((serial, i) => {
      fake.addDevice(serial, STAGING_USER);
      store.devices.upsert({ udid: `udid-${i}`, serial });
    });
    for (const id of USERS) store.users.upsert({ id: String(id), name: `User ${id}`, source: 'mdm' });
    await fake.up();
    connector = new WorkspaceOneConnector(
      { url: fake.url, auth: { method: 'basic', username: 'api', password: 'pw', tenantCode: 'TENANT' }, og: 'ACME', stagingUser: 'staging' },
      { http: { timeoutMs: 3_000, retries: 1, baseDelayMs: 5, maxDelayMs: 20 } },
    );
  });

  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await fake.down();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives an outage: 200 check-outs/check-ins and wipes arrive exactly once, in order per device', async () => {
    const actions = new MdmActions(store);
    worker = new OutboxWorker(store, connector, { concurrency: 4, idleMs: 50, outagePauseMinMs: 20, outagePauseMaxMs: 200 });
    await fake.down();
    worker.start();

    const expected = new Map<string, string[]>(serials.map((s) => [s, []]));
    for (let round = 0; round < 10; round++) {
      for (let d = 0; d < DEVICES; d++) {
        const user = USERS[(round + d) % USERS.length] as number;
        actions.checkOut({ udid: `udid-${d}`, userId: String(user) });
        actions.checkIn({ udid: `udid-${d}` });
        expected.get(serials[d] as string)?.push(`enrollmentuser:${user}`, `enrollmentuser:${STAGING_USER}`);
      }
    }
    for (let d = 0; d < DEVICES; d++) {
      actions.wipe(serials[d] as string, d % 2 === 0 ? 'enterprise' : 'device');
      expected.get(serials[d] as string)?.push(`command:${d % 2 === 0 ? 'EnterpriseWipe' : 'DeviceWipe'}`);
    }
    expect(store.outbox.counts().pending).toBe(210);

    // While the MDM is down the worker keeps trying (and backing off); nothing is lost or sent.
    await until('a retried delivery', () => store.outbox.list({ state: 'pending' }).some((m) => m.attempts >= 2 && m.lastError?.startsWith('MDM_UNAVAILABLE')));
    expect(fake.calls).toHaveLength(0);
    expect(store.outbox.counts().dead).toBe(0);

    await fake.up();
    worker.wake();
    await until('the outbox to drain', () => store.outbox.counts().sent === 210, 120_000);

    for (const serial of serials) expect(fake.callsFor(serial)).toEqual(expected.get(serial));
    expect(fake.calls).toHaveLength(210);
    expect(store.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 210, dead: 0 });
  });

  it('runs the register, check-out/check-in and wipe flows end to end', async () => {
    const actions = new MdmActions(store);
    actions.registerDevice({ serial: serials[0] as string, userId: '11', imei: '356938035643809' });
    actions.checkOut({ udid: 'udid-1', userId: '12' });
    actions.checkIn({ udid: 'udid-1' });
    actions.wipe(serials[2] as string, 'device');
    actions.move(serials[3] as string, 'ACME');
    worker = new OutboxWorker(store, connector);
    expect(await worker.drain()).toEqual({ delivered: 5, failed: 0, dead: 0 });
    expect(fake.callsFor(serials[0] as string)).toEqual(['register:11']);
    expect(fake.callsFor(serials[1] as string)).toEqual(['enrollmentuser:12', `enrollmentuser:${STAGING_USER}`]);
    expect(fake.callsFor(serials[2] as string)).toEqual(['command:DeviceWipe']);
    expect(fake.callsFor(serials[3] as string)).toEqual(['changeog:7']);
    expect(fake.devices.get(serials[1] as string)?.userId).toBe(STAGING_USER);
    expect(store.assignments.current({ serial: serials[0] as string })?.kind).toBe('registration');
  });

  it('dead-letters a message the MDM refuses, with its errorCode and activityId, and keeps the device line moving', async () => {
    const actions = new MdmActions(store);
    fake.failNext = { count: 1, status: 400, errorCode: 6, message: 'Device cannot be checked out. Device is not enrolled to a multi-staging user' };
    actions.checkOut({ udid: 'udid-0', userId: '11' });
    actions.checkIn({ udid: 'udid-0' });
    worker = new OutboxWorker(store, connector);
    await worker.drain();
    await worker.drain();
    const [dead] = store.outbox.deadLetters();
    expect(dead?.kind).toBe('checkout');
    expect(dead?.lastError).toMatch(/^MDM_REJECTED \(HTTP 400\): .*not enrolled to a multi-staging user \[errorCode 6, activityId [0-9a-f-]{36}\]$/);
    expect(fake.callsFor(serials[0] as string)).toEqual([`enrollmentuser:${STAGING_USER}`]);
  });

  it('after a crash between the MDM accepting and markSent, the restarted worker does not call again', async () => {
    const actions = new MdmActions(store);
    actions.checkOut({ udid: 'udid-0', userId: '13' });
    actions.wipe(serials[1] as string, 'enterprise');
    // The station claims both and the MDM performs them, then the station dies before markSent.
    const claimed = store.outbox.claimReady();
    expect(claimed).toHaveLength(2);
    await connector.checkOut({ serial: serials[0] as string, userId: '13' });
    await connector.wipe(serials[1] as string, 'enterprise');
    expect(fake.calls).toHaveLength(2);

    worker = new OutboxWorker(store, connector, { idleMs: 50 });
    worker.start(); // releaseInFlight, then redelivery checks the device first
    await until('redelivery', () => store.outbox.counts().sent === 2);
    expect(fake.calls).toHaveLength(2);
    expect(store.outbox.list({ state: 'sent' }).every((m) => m.attempts === 2)).toBe(true);
  });

  it('delivers lost mode and its switch-off exactly once, in order, across an outage and a crash before markSent', async () => {
    const actions = new MdmActions(store);
    await fake.down();
    worker = new OutboxWorker(store, connector, { concurrency: 4, idleMs: 50, outagePauseMinMs: 20, outagePauseMaxMs: 200 });
    worker.start();
    // Three devices lost while the MDM is down; one of them is found again before it comes back.
    for (let d = 0; d < 3; d++) {
      actions.checkOut({ udid: `udid-${d}`, userId: String(USERS[d]) });
      actions.markLost({ udid: `udid-${d}`, notice: { message: 'Please return me to cart A', phone: '+1 555 0100' } });
      actions.markLost({ udid: `udid-${d}`, notice: { message: 'Please return me to cart A' } }); // a second click queues nothing
    }
    actions.checkIn({ udid: 'udid-0' });
    await until('a retried delivery', () => store.outbox.list({ state: 'pending' }).some((m) => m.attempts >= 2));
    expect(fake.calls).toHaveLength(0);

    await fake.up();
    worker.wake();
    await until('the outbox to drain', () => store.outbox.counts().sent === 8, 60_000);
    expect(fake.callsFor(serials[0] as string)).toEqual(['enrollmentuser:11', 'lostmode:on', 'lostmode:off', `enrollmentuser:${STAGING_USER}`]);
    expect(fake.callsFor(serials[1] as string)).toEqual(['enrollmentuser:12', 'lostmode:on']);
    expect(fake.callsFor(serials[2] as string)).toEqual(['enrollmentuser:13', 'lostmode:on']);
    expect(fake.devices.get(serials[0] as string)?.lostMode).toBe(false);
    expect(fake.devices.get(serials[1] as string)?.lostMode).toBe(true);
    await worker.stop();

    // The MDM switches lost mode off, then the station dies before markSent: the redelivery meets
    // WS1's "already disabled" (8162) and counts as delivered, without a second call.
    actions.checkIn({ udid: 'udid-1' });
    const [off] = store.outbox.claimReady().filter((m) => m.kind === 'lost-mode');
    expect(off?.payload).toEqual({ serial: serials[1], enabled: false });
    await connector.disableLostMode(serials[1] as string);
    worker = new OutboxWorker(store, connector, { idleMs: 50 });
    worker.start();
    await until('redelivery', () => store.outbox.counts().sent === 10);
    expect(fake.callsFor(serials[1] as string)).toEqual(['enrollmentuser:12', 'lostmode:on', 'lostmode:off', `enrollmentuser:${STAGING_USER}`]);
    expect(store.outbox.counts().dead).toBe(0);
  });

  it('dead-letters lost mode the MDM refuses for good, with its words', async () => {
    const actions = new MdmActions(store);
    worker = new OutboxWorker(store, connector);
    actions.checkOut({ udid: 'udid-0', userId: '11' });
    await worker.drain();
    actions.markLost({ udid: 'udid-0', notice: { message: 'Lost' } });
    fake.failNext = { count: 1, status: 422, errorCode: 8159, message: 'Device is not supervised.' };
    expect(await worker.drain()).toEqual({ delivered: 0, failed: 0, dead: 1 });
    const [dead] = store.outbox.deadLetters();
    expect(dead?.kind).toBe('lost-mode');
    expect(dead?.lastError).toMatch(/^MDM_REJECTED \(HTTP 422\): .*Device is not supervised\. \[errorCode 8159/);
    expect(fake.callsFor(serials[0] as string)).toEqual(['enrollmentuser:11']);
  });

  it('keeps retrying (never dead-letters) while the credentials are wrong', async () => {
    const bad = new WorkspaceOneConnector({ url: fake.url, auth: { method: 'basic', username: 'api', password: 'wrong', tenantCode: 'TENANT' }, stagingUser: 'staging' });
    new MdmActions(store).checkOut({ udid: 'udid-0', userId: '11' });
    const report = await new OutboxWorker(store, bad).drain();
    expect(report).toEqual({ delivered: 0, failed: 1, dead: 0 });
    const [message] = store.outbox.list({ state: 'pending' });
    expect(message?.lastError).toMatch(/^UNAUTHORIZED \(HTTP 401\): Workspace ONE refused the credentials.*errorCode 1005/);
  });
});
