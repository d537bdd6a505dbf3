import { ErrorCode } from '../api/errors.js';
import { DEFAULT_REMEDY } from '../api/remedies.js';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  remedy?: string;
  chain?: { code?: string; message?: string; domain?: string }[];
}

/** Any thrown value → a stable code, the sentence and the remedy; unknown errors are INTERNAL. */
export function errorInfo(err: unknown): ErrorInfo {
  const e = err as { code?: unknown; message?: unknown; remedy?: unknown; chain?: unknown; deviceChain?: unknown };
  const parsed = ErrorCode.safeParse(e?.code);
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const chainSource = Array.isArray(e?.chain) ? e.chain : Array.isArray(e?.deviceChain) ? e.deviceChain : undefined;
  const code = parsed.success ? parsed.data : 'INTERNAL';
  return {
    code,
    message,
    remedy: typeof e?.remedy === 'string' ? e.remedy : DEFAULT_REMEDY[code],
    ...(chainSource ? { chain: chainSource.map(chainLink) } : {}),
  };
}

/** The device layer keeps numeric library codes; the journal stores every link's code as text. */
function chainLink(link: unknown): { code?: string; message?: string; domain?: string } {
  const l = (link ?? {}) as { code?: unknown; message?: unknown; domain?: unknown; source?: unknown; name?: unknown };
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const code = text(l.name) ?? text(l.code);
  const message = text(l.message);
  const domain = text(l.domain) ?? text(l.source);
  return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}), ...(domain !== undefined ? { domain } : {}) };
}
