import type { AuditEntryView } from '../../../electron/api/index.js';

/** RFC 4180 quoting, plus a leading ' on cells a spreadsheet would run as a formula. */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(rows: AuditEntryView[]): string {
  const header = ['id', 'at', 'actor', 'source', 'action', 'udid', 'serial', 'details'];
  const lines = rows.map((r) => [r.id, r.at, r.actor, r.source, r.action, r.udid, r.serial, r.details].map(cell).join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
