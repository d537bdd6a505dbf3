import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MdmActions } from '../../../electron/mdm/actions.js';
import { LocalConnector } from '../../../electron/mdm/local/connector.js';
import { MESSAGE_SCHEMAS } from '../../../electron/mdm/messages.js';
import { OutboxWorker } from '../../../electron/mdm/outbox-worker.js';
import { openStore, type Store } from '../../../electron/store/index.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-lost-'));
  store = openStore(dir);
  store.users.upsert({ id: 'u1', name: 'Ann', source: 'local' });
  store.devices.upsert({ udid: 'udid-1', serial: 'f2lxx0000001' });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const notice = { message: 'Please return me to cart A', phone: '+1 555 0100' };

describe('lost-mode outbox message', () => {
  it('needs something for the lock screen to switch on, and nothing to switch off', () => {
    const schema = MESSAGE_SCHEMAS['lost-mode'];
    expect(schema.safeParse({ serial: 'S1', enabled: true, message: 'Lost' }).success).toBe(true);
    expect(schema.safeParse({ serial: 'S1', enabled: true, message: '  ' }).success).toBe(false);
    expect(schema.safeParse({ serial: 'S1', enabled: true }).success).toBe(false);
    expect(schema.safeParse({ serial: 'S1', enabled: false }).success).toBe(true);
  });
});

describe('MdmActions.markLost', () => {
  it('marks the check-out lost and queues lost mode in one go, once however often it is marked', () => {
    const actions = new MdmActions(store);
    const { checkout } = actions.checkOut({ udid: 'udid-1', userId: 'u1' });
    const first = actions.markLost({ udid: 'udid-1', notice });
    expect(first?.checkout).toMatchObject({ id: checkout.id, state: 'lost' });
    expect(first?.lostMode?.message).toMatchObject({ kind: 'lost-mode', deviceKey: 'F2LXX0000001', payload: { serial: 'F2LXX0000001', enabled: true, message: notice.message, phone: notice.phone, footnote: null } });
    expect(actions.markLost({ udid: 'udid-1', notice })?.lostMode?.duplicate).toBe(true);
    expect(store.outbox.list({ deviceKey: 'F2LXX0000001' }).map((m) => m.kind)).toEqual(['checkout', 'lost-mode']);
  });

  it('takes a found device out of lost mode before checking it in, only when the station had put it in', () => {
    const actions = new MdmActions(store);
    actions.checkOut({ udid: 'udid-1', userId: 'u1' });
    actions.markLost({ udid: 'udid-1', notice });
    const back = actions.checkIn({ udid: 'udid-1' });
    expect(back?.lostModeOff?.message.payload).toEqual({ serial: 'F2LXX0000001', enabled: false });
    expect(store.outbox.list({ deviceKey: 'F2LXX0000001' }).map((m) => [m.kind, (m.payload as { enabled?: boolean }).enabled ?? null])).toEqual([
      ['checkout', null],
      ['lost-mode', true],
      ['lost-mode', false],
      ['checkin', null],
    ]);

    // Marked lost without lost mode (an MDM without it): the check-in queues no switch-off.
    actions.checkOut({ udid: 'udid-1', userId: 'u1' });
    expect(actions.markLost({ udid: 'udid-1', notice: null })?.lostMode).toBeNull();
    expect(actions.checkIn({ udid: 'udid-1' })?.lostModeOff).toBeNull();
  });

  it('still marks lost a device with no known serial, and answers undefined for a device not out', () => {
    const actions = new MdmActions(store);
    expect(actions.markLost({ udid: 'udid-1', notice })).toBeUndefined();
    store.devices.upsert({ udid: 'udid-2', serial: null });
    store.checkouts.checkOut({ udid: 'udid-2', userId: 'u1' });
    const marked = actions.markLost({ udid: 'udid-2', notice });
    expect(marked?.checkout.state).toBe('lost');
    expect(marked?.lostMode).toBeNull();
    expect(store.outbox.counts().pending).toBe(0);
  });
});

describe('local directory', () => {
  it('says it cannot lock a device, and a stray lost-mode message is dead-lettered with that sentence', async () => {
    const connector = new LocalConnector(store);
    expect(connector.lostModeSupport()).toMatchObject({ supported: false, reason: expect.stringMatching(/cannot lock a device/) });
    await expect(connector.enableLostMode('F2LXX0000001', notice)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    new MdmActions(store).enqueue('lost-mode', { serial: 'F2LXX0000001', enabled: true, message: 'Lost' }, 'F2LXX0000001', 'k1');
    expect(await new OutboxWorker(store, connector).drain()).toEqual({ delivered: 0, failed: 0, dead: 1 });
    expect(store.outbox.deadLetters()[0]?.lastError).toMatch(/^NOT_SUPPORTED: The local directory cannot lock a device/);
  });
});
