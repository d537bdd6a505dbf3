import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { testStore } from './helpers.js';

describe('SettingsRepo', () => {
  it('stores JSON values and validates them on the way out', () => {
    const { store } = testStore();
    store.settings.set('mdm.kind', 'workspace-one');
    store.settings.set('kiosk', { batteryThreshold: 60, groups: ['nurses'] });
    expect(store.settings.get('mdm.kind')).toBe('workspace-one');
    expect(store.settings.getParsed('kiosk', z.object({ batteryThreshold: z.number() }))).toEqual({ batteryThreshold: 60 });
    expect(() => store.settings.getParsed('kiosk', z.object({ batteryThreshold: z.string() }))).toThrow(expect.objectContaining({ code: 'CORRUPT_ROW' }));
    expect(store.settings.get('missing')).toBeUndefined();
  });

  it('keeps secrets as sealed bytes that only getSecret returns', () => {
    const { store } = testStore();
    const sealed = Uint8Array.from([1, 2, 3, 250]);
    store.settings.setSecret('mdm.password', sealed);
    expect(store.settings.getSecret('mdm.password')).toEqual(Buffer.from(sealed));
    expect(() => store.settings.get('mdm.password')).toThrow(expect.objectContaining({ code: 'SETTING_IS_SECRET' }));
    store.settings.set('mdm.url', 'https://as.example.com');
    expect(store.settings.list('mdm.').map(({ key, secret, value }) => ({ key, secret, value }))).toEqual([
      { key: 'mdm.password', secret: true, value: undefined },
      { key: 'mdm.url', secret: false, value: 'https://as.example.com' },
    ]);
    expect(store.settings.delete('mdm.password')).toBe(true);
    expect(store.settings.getSecret('mdm.password')).toBeUndefined();
  });
});

describe('AuditRepo', () => {
  function seed() {
    const ctx = testStore();
    const { store, clock } = ctx;
    store.audit.append({ actor: 'system', source: 'system', action: 'station.start' });
    clock.advance(1_000);
    store.audit.append({ actor: 'tech', source: 'cli', action: 'step.supervise', udid: 'D1', serial: 'S1', details: { org: 'Acme' } });
    clock.advance(1_000);
    store.audit.append({ actor: 'ana', source: 'kiosk', action: 'checkout', udid: 'D2' });
    clock.advance(1_000);
    store.audit.append({ actor: 'tech', source: 'screen', action: 'step.rename', udid: 'D1', details: { name: 'Cart-01' } });
    return ctx;
  }

  it('appends entries and queries them by time, device, actor and action', () => {
    const { store } = seed();
    expect(store.audit.query().map((e) => e.action)).toEqual(['step.rename', 'checkout', 'step.supervise', 'station.start']);
    expect(store.audit.query({ udid: 'D1', order: 'asc' }).map((e) => e.action)).toEqual(['step.supervise', 'step.rename']);
    expect(store.audit.query({ actor: 'tech', action: 'step.supervise' })[0]).toMatchObject({ serial: 'S1', details: { org: 'Acme' }, source: 'cli' });
    const window = store.audit.query({ since: new Date('2026-03-02T08:00:01.000Z'), until: new Date('2026-03-02T08:00:03.000Z') });
    expect(window.map((e) => e.action)).toEqual(['checkout', 'step.supervise']);
    expect(store.audit.query({ source: 'kiosk' }).map((e) => e.actor)).toEqual(['ana']);
    expect(store.audit.query({ limit: 1 })).toHaveLength(1);
  });

  it('cannot be changed or deleted, even with raw SQL', () => {
    const { store } = seed();
    expect(() => store.db.prepare(`UPDATE audit_log SET actor = 'someone else'`).run()).toThrow(/append-only: entries cannot be changed/);
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only: entries cannot be deleted/);
    expect(store.audit.query()).toHaveLength(4);
  });

  it('rejects an unknown source at the schema', () => {
    const { store } = testStore();
    expect(() => store.db.prepare(`INSERT INTO audit_log (at, actor, source, action, prev_hash, hash) VALUES ('x', 'a', 'fax', 'b', 'p', 'h')`).run()).toThrow(/CHECK constraint/);
  });
});
