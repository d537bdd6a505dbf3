import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../../electron/mdm/local/pin.js';
import { findUserRef, handoffCode, identifyCredential, renderHandoffSheet, type UserLookup } from '../../../electron/flows/index.js';
import type { User } from '../../../electron/store/repos/users-repo.js';

const user = (over: Partial<User>): User => ({ id: 'u1', name: 'Ana Lopez', username: 'ana', email: 'ana@example.com', badge: '0042', pinHash: null, groups: [], source: 'local', updatedAt: '', ...over });

function directory(users: User[]): UserLookup {
  return {
    get: (id) => users.find((u) => u.id === id),
    findByBadge: (b) => users.find((u) => u.badge === b.trim()),
    findByUsername: (n) => users.find((u) => u.username?.toLowerCase() === n.trim().toLowerCase()),
    search: (q) => users.filter((u) => [u.name, u.username, u.email, u.badge].some((v) => v?.toLowerCase().includes(q.toLowerCase()))),
  };
}

describe('identification at the kiosk', () => {
  const pinHash = hashPin('1234');
  const dir = directory([user({ pinHash }), user({ id: 'u2', name: 'Bo Berg', username: 'bo', email: 'bo@example.com', badge: '0043' })]);

  it('knows a badge, and says so plainly when it does not', async () => {
    expect((await identifyCredential(dir, { badge: '0042' }, verifyPin)).id).toBe('u1');
    await expect(identifyCredential(dir, { badge: '9999' }, verifyPin)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'This badge is not known to the station.', remedy: 'Ask an administrator to add your badge.' });
  });

  it('checks username + PIN, with one answer for a wrong PIN, an unknown name and a user without PIN', async () => {
    expect((await identifyCredential(dir, { username: 'ANA', pin: '1234' }, verifyPin)).id).toBe('u1');
    for (const credential of [{ username: 'ana', pin: '9999' }, { username: 'nobody', pin: '1234' }, { username: 'bo', pin: '1234' }]) {
      await expect(identifyCredential(dir, credential, verifyPin)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'The username or PIN is not right.' });
    }
  });

  it('resolves a technician\'s reference exactly: id, username, badge, email — never a fuzzy guess', () => {
    expect(findUserRef(dir, 'u2')?.id).toBe('u2');
    expect(findUserRef(dir, 'bo')?.id).toBe('u2');
    expect(findUserRef(dir, '0043')?.id).toBe('u2');
    expect(findUserRef(dir, 'BO@example.com')?.id).toBe('u2');
    expect(findUserRef(dir, 'B')).toBeUndefined();
  });
});

describe('the hand-off sheet', () => {
  it('is a PDF carrying a scannable code for the device and its user', async () => {
    const pdf = await renderHandoffSheet({ userName: 'Ana Lopez', username: 'ana', deviceName: 'Cart A-03', model: 'iPad (10th generation)', serial: 'DMPX1Q1GH', imei: null, slot: 3, date: new Date('2025-01-14T10:00:00Z'), organization: 'Acme' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(2_000);
    expect(handoffCode({ serial: 'DMPX1Q1GH', username: 'ana lopez' })).toBe('cartwright:handoff?serial=DMPX1Q1GH&user=ana%20lopez');
  });
});
