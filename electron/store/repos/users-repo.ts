import type Database from 'better-sqlite3';
import { z } from 'zod';
import { iso, systemClock, type Clock } from '../clock.js';
import { StoreError, isUniqueViolation } from '../errors.js';
import { readJson, toJson } from '../json.js';
import { statementCache, type StatementCache } from '../sql.js';
import type { BadgeDigest } from '../badge-digest.js';

export type UserSource = 'local' | 'mdm';

export interface User {
  id: string;
  name: string;
  username: string | null;
  email: string | null;
  /**
   * On input, the badge number; as stored and read back, its digest under the station key
   * (badge-digest.ts): the number itself is never kept. A digest passed back in stays as is.
   */
  badge: string | null;
  /** A salted hash produced by the caller (never the PIN itself). */
  pinHash: string | null;
  groups: string[];
  source: UserSource;
  updatedAt: string;
}

export type UserInput = Omit<User, 'updatedAt' | 'username' | 'email' | 'badge' | 'pinHash' | 'groups'> &
  Partial<Pick<User, 'username' | 'email' | 'badge' | 'pinHash' | 'groups'>>;

interface UserRecord {
  id: string;
  name: string;
  username: string | null;
  email: string | null;
  badge: string | null;
  pin_hash: string | null;
  groups: string;
  source: UserSource;
  updated_at: string;
}

const groupsSchema = z.array(z.string());

const noBadgeKey: BadgeDigest = () => {
  throw new StoreError('INVALID_INPUT', 'This store was opened without the station badge key, so it cannot read or store badges');
};

/** The user directory: imported locally (CSV, UI) or cached from the MDM by the sync loop. */
export class UsersRepo {
  private readonly sql: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
    private readonly digest: BadgeDigest = noBadgeKey,
  ) {
    this.sql = statementCache(db);
  }

  upsert(user: UserInput): User {
    try {
      this.sql(
        `INSERT INTO users (id, name, username, email, badge, pin_hash, groups, source, updated_at)
         VALUES (@id, @name, @username, @email, @badge, @pinHash, @groups, @source, @now)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, username = excluded.username, email = excluded.email,
           badge = excluded.badge, pin_hash = excluded.pin_hash, groups = excluded.groups, source = excluded.source,
           updated_at = excluded.updated_at`,
      ).run({
        id: user.id,
        name: user.name,
        username: user.username ?? null,
        email: user.email ?? null,
        badge: user.badge ? this.digest(user.badge) : null,
        pinHash: user.pinHash ?? null,
        groups: toJson(user.groups ?? []),
        source: user.source,
        now: iso(this.clock()),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreError('CONFLICT', `User ${user.id}: badge or username already belongs to another user`);
      throw error;
    }
    return this.get(user.id) as User;
  }

  /** All or nothing: a CSV import with one bad row changes nothing. */
  upsertMany(users: readonly UserInput[]): number {
    return this.db.transaction(() => {
      for (const user of users) this.upsert(user);
      return users.length;
    })();
  }

  /**
   * Makes the users of one source exactly `users` (a directory refresh): upserts them and removes
   * that source's users that are no longer listed. Returns how many were removed.
   */
  replaceSource(source: UserSource, users: readonly Omit<UserInput, 'source'>[]): number {
    return this.db.transaction(() => {
      const keep = new Set(users.map((u) => u.id));
      // Removed first, so a badge that moved from a departed user to a new one does not collide.
      const stale = this.list(source).filter((u) => !keep.has(u.id));
      for (const user of stale) this.remove(user.id);
      for (const user of users) this.upsert({ ...user, source });
      return stale.length;
    })();
  }

  get(id: string): User | undefined {
    const row = this.sql('SELECT * FROM users WHERE id = ?').get(id) as UserRecord | undefined;
    return row && toUser(row);
  }

  findByBadge(badge: string): User | undefined {
    if (!badge.trim()) return undefined;
    const row = this.sql('SELECT * FROM users WHERE badge = ?').get(this.digest(badge)) as UserRecord | undefined;
    return row && toUser(row);
  }

  findByUsername(username: string): User | undefined {
    const row = this.sql('SELECT * FROM users WHERE username = ? COLLATE NOCASE').get(username.trim()) as UserRecord | undefined;
    return row && toUser(row);
  }

  /**
   * Directory search as the technician types: name, username or email, case-insensitive, or a
   * whole badge number (only digests are stored, so a badge matches exactly or not at all).
   */
  search(query: string, limit = 20): User[] {
    const pattern = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    let badge: string | null = null;
    try {
      badge = query.trim() ? this.digest(query) : null;
    } catch {
      // No badge key (wrong passphrase): names and emails still match.
    }
    const rows = this.sql(
      `SELECT * FROM users
       WHERE name LIKE @p ESCAPE '\\' OR username LIKE @p ESCAPE '\\' OR email LIKE @p ESCAPE '\\' OR badge = @badge
       ORDER BY name COLLATE NOCASE, id LIMIT @limit`,
    ).all({ p: pattern, badge, limit }) as UserRecord[];
    return rows.map(toUser);
  }

  list(source?: UserSource): User[] {
    const rows = (source === undefined
      ? this.sql('SELECT * FROM users ORDER BY name COLLATE NOCASE, id').all()
      : this.sql('SELECT * FROM users WHERE source = ? ORDER BY name COLLATE NOCASE, id').all(source)) as UserRecord[];
    return rows.map(toUser);
  }

  remove(id: string): boolean {
    return this.sql('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }
}

function toUser(r: UserRecord): User {
  return {
    id: r.id,
    name: r.name,
    username: r.username,
    email: r.email,
    badge: r.badge,
    pinHash: r.pin_hash,
    groups: readJson(r.groups, groupsSchema, `user ${r.id} groups`),
    source: r.source,
    updatedAt: r.updated_at,
  };
}
