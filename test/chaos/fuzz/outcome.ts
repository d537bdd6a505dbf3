/**
 * How one fuzz case ended. "Typed" means what every Cartwright layer promises: an Error with a
 * stable string `code` from that layer's vocabulary. Anything else escaping — a TypeError, a
 * RangeError, an error whose code is not one of ours — is "untyped", a crash a technician would
 * see as "Something went wrong".
 */
export type CaseOutcome = { kind: 'ok' } | { kind: 'typed'; code: string } | { kind: 'untyped'; detail: string };

export function classifyError(err: unknown, isKnownCode: (code: string) => boolean): CaseOutcome {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e === 'object' && e !== null && typeof e.code === 'string' ? e.code : undefined;
  if (err instanceof Error && code !== undefined && isKnownCode(code)) return { kind: 'typed', code };
  return { kind: 'untyped', detail: describe(err) };
}

export function describe(err: unknown): string {
  if (!(err instanceof Error)) return `non-Error thrown: ${safeString(err)}`;
  const code = (err as { code?: unknown }).code;
  const frame = err.stack?.split('\n').find((l) => l.includes('/electron/')) ?? err.stack?.split('\n')[1] ?? '';
  return `${err.name}${code !== undefined ? ` [${safeString(code)}]` : ''}: ${err.message.slice(0, 200)} ${frame.trim()}`;
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Tallies per target for the summary. */
export interface TargetTally {
  cases: number;
  ok: number;
  typed: Record<string, number>;
  untyped: { i: number; detail: string }[];
  hangs: number[];
  crashes: { i: number; detail: string }[];
  slowestMs: number;
}

export function emptyTally(): TargetTally {
  return { cases: 0, ok: 0, typed: {}, untyped: [], hangs: [], crashes: [], slowestMs: 0 };
}

export function tally(t: TargetTally, i: number, o: CaseOutcome, ms: number): void {
  t.cases++;
  t.slowestMs = Math.max(t.slowestMs, ms);
  if (o.kind === 'ok') t.ok++;
  else if (o.kind === 'typed') t.typed[o.code] = (t.typed[o.code] ?? 0) + 1;
  else t.untyped.push({ i, detail: o.detail });
}
