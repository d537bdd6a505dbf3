import type * as CsvParse from 'csv-parse/sync';
import { lazyPackage } from '../platform/lazy-package.js';
import { normalSerial } from '../store/index.js';
import type { AdeFacts } from './types.js';

// Loaded when a CSV is first read, not with every start (platform/lazy-package.ts).
const csv = lazyPackage<typeof CsvParse>('csv-parse/sync');

/**
 * ADE awareness. A serial assigned to an MDM server in Apple Business Manager gets its
 * supervision from ADE; a Configurator-style supervision over USB is refused by the device with
 * error 33004 (cloud configuration present), so the station must send it through ADE instead.
 */
export function adeWarning(facts: AdeFacts): string {
  const where = facts.server ? ` to ${facts.server}` : '';
  const profile = facts.profileName ? ` (profile "${facts.profileName}"${facts.profileStatus ? `, ${facts.profileStatus}` : ''})` : '';
  return `Serial ${facts.serial} is ADE-assigned${where}${profile}: supervising it over USB will be refused (33004); stage it through ADE (erase and let Setup Assistant enroll it) instead.`;
}

const SERIAL_HEADERS = ['serialnumber', 'serial', 'serialno', 'deviceserialnumber', 'devicesn', 'sn'];

/**
 * Serials from a CSV export (Apple Business Manager's "Serial Number" column, an MDM's
 * "SerialNumber"/"Serial"…), or from a bare one-column list without a header. Serials are
 * normalised (whitespace removed, upper case) and de-duplicated.
 */
export function readSerialCsv(text: string): string[] {
  const rows = csv.parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  if (rows.length === 0) return [];
  const header = (rows[0] ?? []).map((h) => h.toLowerCase().replace(/[^a-z]/g, ''));
  let column = header.findIndex((h) => SERIAL_HEADERS.includes(h));
  let body = rows.slice(1);
  if (column < 0) {
    // No recognised header: a plain list, unless the first row is clearly a header of another shape.
    const first = rows[0]?.[0] ?? '';
    const looksLikeSerial = /^[A-Z0-9]{8,14}$/i.test(first.replace(/\s+/g, ''));
    if (!looksLikeSerial && (rows[0]?.length ?? 0) > 1) throw new Error(`no serial-number column found (looked for: Serial Number, SerialNumber, Serial) in header "${rows[0]?.join(',')}"`);
    column = 0;
    body = looksLikeSerial ? rows : rows.slice(1);
  }
  const serials = new Set<string>();
  for (const row of body) {
    const value = normalSerial(row[column] ?? '');
    if (value) serials.add(value);
  }
  return [...serials];
}

export interface ReconcileReport {
  /** In Apple Business Manager but not in the MDM: assigned yet never enrolled (or enrolled elsewhere). */
  missingFromMdm: string[];
  /** In the MDM but not in ABM: enrolled manually/through Configurator, or released from ABM. */
  missingFromAbm: string[];
  inBoth: number;
  abmCount: number;
  mdmCount: number;
  inSync: boolean;
}

export function reconcileSerials(abm: readonly string[], mdm: readonly string[]): ReconcileReport {
  const a = new Set(abm.map(normalSerial).filter(Boolean));
  const m = new Set(mdm.map(normalSerial).filter(Boolean));
  const missingFromMdm = [...a].filter((s) => !m.has(s)).sort();
  const missingFromAbm = [...m].filter((s) => !a.has(s)).sort();
  return { missingFromMdm, missingFromAbm, inBoth: a.size - missingFromMdm.length, abmCount: a.size, mdmCount: m.size, inSync: missingFromMdm.length === 0 && missingFromAbm.length === 0 };
}
