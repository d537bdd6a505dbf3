import type * as CsvParse from 'csv-parse/sync';
import { lazyPackage } from '../../platform/lazy-package.js';
import type { UserInput } from '../../store/index.js';
import { hashPin, pinHashProblem } from './pin.js';

// Loaded when a CSV is first read, not with every start (platform/lazy-package.ts).
const csv = lazyPackage<typeof CsvParse>('csv-parse/sync');

export interface CsvImportResult {
  users: UserInput[];
  /** "line 4: …" for every row that cannot be imported; an import with errors imports nothing. */
  errors: string[];
}

const ALIASES: Record<string, keyof Row> = {
  id: 'id',
  userid: 'id',
  name: 'name',
  fullname: 'name',
  displayname: 'name',
  username: 'username',
  login: 'username',
  email: 'email',
  mail: 'email',
  badge: 'badge',
  badgeid: 'badge',
  pinhash: 'pinHash',
  pin: 'pin',
  groups: 'groups',
  group: 'groups',
};

interface Row {
  id?: string;
  name?: string;
  username?: string;
  email?: string;
  badge?: string;
  pinHash?: string;
  pin?: string;
  groups?: string;
}

/**
 * Reads the local directory CSV (id, name, email, badge, PIN hash, groups; `username` optional).
 * A plain `pin` column is accepted and hashed here, so a plain PIN never reaches the store;
 * groups are separated by `;` or `|`. Header names are matched loosely ("PIN hash", "pin_hash").
 */
export function parseUsersCsv(text: string): CsvImportResult {
  const records = csv.parse(text.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map(columnName), skip_empty_lines: true, trim: true, relax_column_count: true }) as Row[];
  const users: UserInput[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  records.forEach((row, index) => {
    const line = index + 2;
    const id = (row.id || row.username || row.email || '').trim();
    const name = (row.name || row.username || row.email || '').trim();
    if (!id) return errors.push(`line ${line}: no id (nor username or email to use as one)`);
    if (!name) return errors.push(`line ${line}: user ${id} has no name`);
    if (seen.has(id)) return errors.push(`line ${line}: user id ${id} already appears on line ${seen.get(id)}`);
    seen.set(id, line);
    if (row.email && !/^[^@\s]+@[^@\s]+$/.test(row.email)) return errors.push(`line ${line}: "${row.email}" is not an email address`);
    let pinHash: string | null = null;
    if (row.pinHash) {
      const problem = pinHashProblem(row.pinHash);
      if (problem) return errors.push(`line ${line}: the PIN hash of ${id} is refused: ${problem}`);
      pinHash = row.pinHash;
    } else if (row.pin) {
      try {
        pinHash = hashPin(row.pin);
      } catch (error) {
        return errors.push(`line ${line}: ${id}: ${(error as Error).message}`);
      }
    }
    users.push({
      id,
      name,
      username: row.username || null,
      email: row.email || null,
      badge: row.badge || null,
      pinHash,
      groups: (row.groups ?? '').split(/[;|]/).map((g) => g.trim()).filter(Boolean),
      source: 'local',
    });
    return undefined;
  });
  return { users, errors };
}

function columnName(header: string): string {
  const key = header.toLowerCase().replace(/[^a-z]/g, '');
  return ALIASES[key] ?? `ignored:${header}`;
}
