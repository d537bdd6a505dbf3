import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MdmConnector } from '../../../electron/mdm/connector.js';
import { mergeDirectoryUser } from '../../../electron/mdm/directory-merge.js';
import { runSync } from '../../../electron/mdm/sync.js';
import type { MdmUser } from '../../../electron/mdm/types.js';
import { openStore, type Store, type User } from '../../../electron/store/index.js';

// A fixed string standing in for a real scrypt hash: the merge never reads it.
const PIN_HASH = 'scrypt$fixed$hash';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-directory-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A connector whose only job here is to list users; the sync's device part sees no devices. */
function listing(users: () => MdmUser[]): MdmConnector {
  const no = (): never => {
    throw new Error('not used');
  };
  return {
    kind: 'workspace-one',
    testConnection: no,
    searchUsers: no,
    getUser: no,
    listUsers: async () => users(),
    getDeviceBySerial: no,
    registerDevice: no,
    checkOut: no,
    checkIn: no,
    wipe: no,
    moveDevice: no,
    reportStaged: no,
    lostModeSupport: () => ({ supported: true }),
    enableLostMode: no,
    disableLostMode: no,
    enrollmentInfo: no,
    adeFacts: no,
    vppFacts: no,
  };
}

const mdmUser = (id: string, extra: Partial<MdmUser> = {}): MdmUser => ({ id, username: `user${id}`, name: `User ${id}`, email: `user${id}@example.com`, groups: ['Nurses'], ...extra });
const cachedUser = (extra: Partial<User>): User => ({ id: '11', name: 'Old', username: 'old', email: null, badge: null, pinHash: null, groups: [], source: 'mdm', updatedAt: '2026-01-01T00:00:00.000Z', ...extra });

describe('directory merge', () => {
  it("keeps the station's badge and PIN hash when the MDM has none, and lets the MDM's values win when present", () => {
    const cached = cachedUser({ badge: 'B-1', pinHash: PIN_HASH, email: 'old@example.com', groups: ['Old group'] });
    expect(mergeDirectoryUser(mdmUser('11'), cached)).toEqual({
      id: '11',
      name: 'User 11',
      username: 'user11',
      email: 'user11@example.com',
      badge: 'B-1',
      pinHash: PIN_HASH,
      groups: ['Nurses'],
    });
    expect(mergeDirectoryUser(mdmUser('11', { badge: 'B-MDM' }), cached).badge).toBe('B-MDM');
    // A field the MDM leaves empty keeps what the station had.
    expect(mergeDirectoryUser(mdmUser('11', { email: null, username: null }), cached)).toMatchObject({ email: 'old@example.com', username: 'old' });
    expect(mergeDirectoryUser(mdmUser('12'), undefined)).toMatchObject({ badge: null, pinHash: null });
  });

  it("takes the MDM's groups even when empty, except for a user the station imported itself", () => {
    expect(mergeDirectoryUser(mdmUser('11', { groups: [] }), cachedUser({ groups: ['Nurses'] })).groups).toEqual([]);
    expect(mergeDirectoryUser(mdmUser('11', { groups: [] }), cachedUser({ groups: ['Ward 3'], source: 'local' })).groups).toEqual(['Ward 3']);
    expect(mergeDirectoryUser(mdmUser('11', { groups: ['ICU'] }), cachedUser({ groups: ['Ward 3'], source: 'local' })).groups).toEqual(['ICU']);
  });
});

describe('directory sync', () => {
  it('does not wipe badges and PIN hashes stored at the station, run after run', async () => {
    let users = [mdmUser('11'), mdmUser('12'), mdmUser('13')];
    const connector = listing(() => users);
    await runSync(store, connector);
    // Badges handed out at the station after the first sync; one user imported with a PIN hash.
    store.users.upsert({ ...(store.users.get('11') as User), badge: 'B-11', pinHash: PIN_HASH });
    store.users.upsert({ ...(store.users.get('12') as User), badge: 'B-12' });

    users = [mdmUser('11', { name: 'Ann Renamed' }), mdmUser('12', { badge: 'B-12-MDM' }), mdmUser('13')];
    const run = await runSync(store, connector);
    expect(run.state).toBe('succeeded');
    expect(run.stats).toMatchObject({ users: 3, usersRemoved: 0, credentialsKept: 1 });
    // Badges are stored as digests: the scan finds the person.
    expect(store.users.get('11')).toMatchObject({ name: 'Ann Renamed', pinHash: PIN_HASH, source: 'mdm' });
    expect(store.users.findByBadge('B-12-MDM')?.id).toBe('12');
    expect(store.users.findByBadge('B-11')?.id).toBe('11');

    // Someone the MDM no longer lists leaves the cache, credentials and all.
    users = [mdmUser('12'), mdmUser('13')];
    const third = await runSync(store, connector);
    expect(third.stats).toMatchObject({ users: 2, usersRemoved: 1 });
    expect(store.users.get('11')).toBeUndefined();
    expect(store.users.findByBadge('B-11')).toBeUndefined();
  });

  it('keeps the credentials of a locally imported user the MDM also lists, and leaves local-only users alone', async () => {
    store.users.upsert({ id: '11', name: 'Ann', badge: 'B-11', pinHash: PIN_HASH, groups: ['Ward 3'], source: 'local' });
    store.users.upsert({ id: 'tech', name: 'Technician', badge: 'B-T', pinHash: PIN_HASH, source: 'local' });
    await runSync(store, listing(() => [mdmUser('11', { groups: [] })]));
    expect(store.users.get('11')).toMatchObject({ name: 'User 11', pinHash: PIN_HASH, groups: ['Ward 3'] });
    expect(store.users.findByBadge('B-11')?.id).toBe('11');
    expect(store.users.get('tech')).toMatchObject({ pinHash: PIN_HASH, source: 'local' });
    expect(store.users.findByBadge('B-T')?.id).toBe('tech');
  });
});
