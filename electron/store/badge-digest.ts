import type Database from 'better-sqlite3';
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sealedMethod, type SecretBox } from './secret-box.js';

/**
 * Badges are credentials (a scan alone signs a person in), so the database holds only
 * HMAC-SHA256(station key, badge): a copy of cartwright.db does not give anyone's badge number,
 * and sequential badge numbers cannot be read back by hashing guesses without the key.
 *
 * The key lives outside the database, in `badge-key` in the data directory, sealed like the
 * station's other secrets (secret-box.ts) when the station has a way to seal; a headless station
 * with no passphrase or key file keeps it as an owner-only file (and seals it once it can).
 */
export const BADGE_KEY_FILE = 'badge-key';

const PREFIX = 'hmac-sha256:';
const PLAIN = 'plain:';
const DIGEST = /^hmac-sha256:[A-Za-z0-9_-]{43}$/;

export type BadgeDigest = (badge: string) => string;

/** What is stored for a badge. A value that already is a digest (a cached row passed back) stays as is. */
export function badgeDigest(key: Buffer, badge: string): string {
  const value = badge.trim();
  if (isBadgeDigest(value)) return value;
  return PREFIX + createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}

export function isBadgeDigest(value: string): boolean {
  return DIGEST.test(value);
}

/**
 * The station's badge key: read from the data directory, or created on first use. Throws the
 * secret box's own error when the key was sealed and cannot be opened (wrong passphrase).
 */
export function loadBadgeKey(dataDir: string, secretBox: () => SecretBox | null): Buffer {
  const file = join(dataDir, BADGE_KEY_FILE);
  if (!existsSync(file)) {
    const key = randomBytes(32);
    writeKey(file, key, boxOrNull(secretBox));
    return key;
  }
  const stored = readFileSync(file);
  if (sealedMethod(stored) !== null) {
    const box = secretBox();
    if (!box) throw new Error('the badge key is sealed but this station has no key to open it');
    return box.open(stored);
  }
  const text = stored.toString('utf8').trim();
  if (!text.startsWith(PLAIN)) throw new Error(`${file} is not a Cartwright badge key`);
  const key = Buffer.from(text.slice(PLAIN.length), 'base64url');
  if (key.length !== 32) throw new Error(`${file} is damaged (the key is not 32 bytes)`);
  // Sealing became possible since (a passphrase was set): seal the same key, so no badge changes.
  const box = boxOrNull(secretBox);
  if (box) writeKey(file, key, box);
  return key;
}

/**
 * Badges stored before they were hashed (schema 5 and older) become digests. Runs in one
 * transaction, so a crash leaves either every badge converted or none.
 */
export function hasLegacyBadges(db: Database.Database): boolean {
  return db.prepare(`SELECT 1 FROM users WHERE badge IS NOT NULL AND badge NOT LIKE '${PREFIX}%' LIMIT 1`).get() !== undefined;
}

export function digestLegacyBadges(db: Database.Database, digest: BadgeDigest): number {
  const rows = db.prepare(`SELECT id, badge FROM users WHERE badge IS NOT NULL AND badge NOT LIKE '${PREFIX}%'`).all() as { id: string; badge: string }[];
  if (rows.length === 0) return 0;
  const update = db.prepare('UPDATE users SET badge = ? WHERE id = ?');
  db.transaction(() => {
    for (const r of rows) update.run(digest(r.badge), r.id);
  })();
  return rows.length;
}

/**
 * The store's badge digest: loads (or creates) the key on first use, and then converts any badge
 * still stored in clear. A key that cannot be opened fails each badge use with the reason.
 */
export function stationBadgeDigest(db: Database.Database, dataDir: string, secretBox: () => SecretBox | null): BadgeDigest {
  let key: Buffer | null = null;
  const digest: BadgeDigest = (badge) => {
    if (key === null) {
      key = loadBadgeKey(dataDir, secretBox);
      digestLegacyBadges(db, digest);
    }
    return badgeDigest(key, badge);
  };
  return digest;
}

function boxOrNull(secretBox: () => SecretBox | null): SecretBox | null {
  try {
    const box = secretBox();
    // Probe: an OS keychain that is not available right now fails here, not half-way through a write.
    box?.open(box.seal(Buffer.from('probe')));
    return box;
  } catch {
    return null;
  }
}

function writeKey(file: string, key: Buffer, box: SecretBox | null): void {
  const data = box ? box.seal(key) : Buffer.from(`${PLAIN}${key.toString('base64url')}\n`);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600 });
  renameSync(temporary, file);
  chmodSync(file, 0o600);
}
