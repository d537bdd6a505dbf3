import { escapeControlKeepLines } from '../api/printable.js';

/** Where every command writes: JSON for machines with --json, readable text for people. */
export interface Output {
  json: boolean;
  /** Print the command's result: `data` as JSON, or `human()` lines for a person. */
  result(data: unknown, human: () => string): void;
  /** Progress lines for people; silent in --json mode so stdout stays one JSON document. */
  progress(line: string): void;
  error(message: string, code: string): void;
}

export function createOutput(json: boolean, out = process.stdout, err = process.stderr): Output {
  // Text for people carries device names and other data from outside: never raw ESC sequences on a
  // terminal (JSON already escapes them).
  return {
    json,
    result(data, human) {
      out.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${escapeControlKeepLines(human())}\n`);
    },
    progress(line) {
      if (!json) err.write(`${escapeControlKeepLines(line)}\n`);
    },
    error(message, code) {
      // One line: still one JSON document, and a line of its own after a command's NDJSON stream (prepare --json).
      if (json) out.write(`${JSON.stringify({ error: { code, message } })}\n`);
      else err.write(`cartwright: ${escapeControlKeepLines(message)}\n`);
    },
  };
}

/** Render rows as an aligned text table. */
export function table(headers: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
