import { describe, expect, it } from 'vitest';
import { testStore } from './helpers.js';

describe('Store', () => {
  it('commits a local change and its outbox message together', () => {
    const { store } = testStore();
    store.devices.upsert({ udid: 'D1', serial: 'S1' });
    store.transaction(() => {
      store.checkouts.checkOut({ udid: 'D1', userId: 'u1' });
      store.outbox.enqueue({ idempotencyKey: 'co-1', deviceKey: 'S1', kind: 'checkout', payload: { user: 'u1' } });
      store.audit.append({ actor: 'u1', source: 'kiosk', action: 'checkout', udid: 'D1' });
    });
    expect(store.checkouts.activeForDevice('D1')).toBeDefined();
    expect(store.outbox.getByKey('co-1')).toBeDefined();
  });

  it('rolls both back when anything in the transaction fails', () => {
    const { store } = testStore();
    store.devices.upsert({ udid: 'D1', serial: 'S1' });
    expect(() =>
      store.transaction(() => {
        store.checkouts.checkOut({ udid: 'D1', userId: 'u1' });
        store.outbox.enqueue({ idempotencyKey: 'co-1', deviceKey: 'S1', kind: 'checkout', payload: {} });
        throw new Error('MDM payload could not be built');
      }),
    ).toThrow('MDM payload could not be built');
    expect(store.checkouts.activeForDevice('D1')).toBeUndefined();
    expect(store.outbox.list()).toEqual([]);
  });

  it('nests: a repository method that opens its own transaction joins the caller\'s', () => {
    const { store } = testStore();
    expect(() =>
      store.transaction(() => {
        store.devices.upsert({ udid: 'D1' }); // itself transactional
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(store.devices.get('D1')).toBeUndefined();
  });

  it('refuses an async transaction body', () => {
    const { store } = testStore();
    expect(() => store.transaction(async () => 1)).toThrow(/promise/i);
  });

  it('closes idempotently', () => {
    const { store } = testStore();
    store.close();
    store.close();
    expect(store.isOpen).toBe(false);
  });
});
