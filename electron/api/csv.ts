/**
 * One CSV cell, for every CSV the station writes (the inventory export, the audit export): RFC 4180
 * quoting, plus a leading ' on text a spreadsheet would run as a formula (=, +, -, @, tab, CR;
 * OWASP "CSV Injection"). Device names and user fields come from outside, so no cell is trusted.
 * Objects are written as JSON. Pure: the renderer uses it too.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines of cells, CRLF-terminated as RFC 4180 has it (or '\n' for a terminal and Unix tools). */
export function csvLines(rows: readonly (readonly unknown[])[], eol: '\r\n' | '\n' = '\r\n'): string {
  return rows.map((r) => `${r.map(csvCell).join(',')}${eol}`).join('');
}
