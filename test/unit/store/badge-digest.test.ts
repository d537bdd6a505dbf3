import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUsersCsv } from '../../../electron/mdm/local/csv-users.js';
import { BADGE_KEY_FILE } from '../../../electron/store/badge-digest.js';
import { DATABASE_FILE, openStore } from '../../../electron/store/index.js';
import { PassphraseSecretBox, sealedMethod } from '../../../electron/store/secret-box.js';

const BADGE = 'B-4001-XYZ';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-badge-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The badge column as anyone who copies cartwright.db reads it. */
function storedBadges(): string[] {
  const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT badge FROM users WHERE badge IS NOT NULL ORDER BY id').all() as { badge: string }[]).map((r) => r.badge);
  } finally {
    db.close();
  }
}

describe('badges at rest', () => {
  it('stores an HMAC of the badge, never the number, and still finds the person by a scan', () => {
    const store = openStore(dir, { secretBox: () => null });
    const parsed = parseUsersCsv(`id,name,badge\nu1,Ana,${BADGE}\nu2,Bo,4002\n`);
    store.users.upsertMany(parsed.users);
    expect(store.users.findByBadge(` ${BADGE} `)?.id).toBe('u1');
    expect(store.users.findByBadge('B-4001-XY')).toBeUndefined();
    expect(store.users.search(BADGE).map((u) => u.id)).toEqual(['u1']);
    store.close();

    const stored = storedBadges();
    expect(stored).toHaveLength(2);
    for (const b of stored) expect(b).toMatch(/^hmac-sha256:[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(join(dir, DATABASE_FILE)).includes(BADGE)).toBe(false);
    // Without a sealing key the badge key is an owner-only file next to the database.
    expect(statSync(join(dir, BADGE_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('keeps a badge through a directory refresh that passes the cached row back', () => {
    const store = openStore(dir, { secretBox: () => null });
    store.users.upsert({ id: 'u1', name: 'Ana', badge: BADGE, source: 'mdm' });
    const cached = store.users.get('u1');
    store.users.replaceSource('mdm', [{ id: 'u1', name: 'Ana Ruiz', badge: cached?.badge ?? null }]);
    expect(store.users.findByBadge(BADGE)?.name).toBe('Ana Ruiz');
    store.close();
  });

  it('converts badges an older schema kept in clear, with the same key on every open', () => {
    const first = openStore(dir, { secretBox: () => null });
    first.close();
    // A row as schema 5 wrote it.
    const raw = new Database(join(dir, DATABASE_FILE));
    raw.prepare(`INSERT INTO users (id, name, badge, source, updated_at) VALUES ('old', 'Old Timer', '7777', 'local', '2025-01-01T00:00:00.000Z')`).run();
    raw.close();
    const reopened = openStore(dir, { secretBox: () => null });
    expect(storedBadges()[0]).toMatch(/^hmac-sha256:/);
    expect(reopened.users.findByBadge('7777')?.id).toBe('old');
    reopened.close();
  });

  it('seals the badge key with the station passphrase, and seals a plain key once a passphrase is given', () => {
    const plain = openStore(dir, { secretBox: () => null });
    plain.users.upsert({ id: 'u1', name: 'Ana', badge: BADGE, source: 'local' });
    plain.close();
    expect(readFileSync(join(dir, BADGE_KEY_FILE), 'utf8')).toMatch(/^plain:/);

    const box = new PassphraseSecretBox('correct horse battery staple');
    const sealed = openStore(dir, { secretBox: () => box });
    expect(sealed.users.findByBadge(BADGE)?.id).toBe('u1');
    sealed.close();
    expect(sealedMethod(readFileSync(join(dir, BADGE_KEY_FILE)))).toBe('passphrase');

    const wrong = openStore(dir, { secretBox: () => new PassphraseSecretBox('wrong') });
    expect(() => wrong.users.findByBadge(BADGE)).toThrow(/passphrase/);
    // Names still match without the key.
    expect(wrong.users.search('Ana').map((u) => u.id)).toEqual(['u1']);
    wrong.close();
  });
});
