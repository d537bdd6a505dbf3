import { createRequire } from 'node:module';
import type pino from 'pino';
import type { Logger } from 'pino';
import { escapeControl } from '../api/printable.js';

export type { Logger } from 'pino';

/**
 * Paths pino blanks before a line is written. The HTTP helper never logs headers or bodies on
 * purpose; this list is the second fence, for a future debug line that does.
 */
export const REDACT_PATHS = [
  'headers.authorization',
  'headers.Authorization',
  'headers["aw-tenant-code"]',
  'headers["x-cisco-meraki-api-key"]',
  'headers["X-Cisco-Meraki-API-Key"]',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.apiKey',
  '*.access_token',
  '*.tenantCode',
  'password',
  'clientSecret',
  'apiKey',
  'tenantCode',
];

/**
 * The MDM layer's logger. Silent unless CARTWRIGHT_MDM_LOG (a pino level) is set, and written to
 * stderr so `--json` output on stdout stays one document.
 */
export function createMdmLogger(destination?: pino.DestinationStream, level = process.env.CARTWRIGHT_MDM_LOG ?? 'silent'): Logger {
  const pino = loadPino();
  return pino(
    {
      name: 'mdm',
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // JSON escapes C0 controls but not DEL or C1 (U+009B is CSI to some terminals): escape them all
      // in the message and in top-level fields, where device names and MDM replies end up.
      hooks: { logMethod: escapedLogMethod },
    },
    destination ?? pino.destination(2),
  );
}

let pinoModule: typeof pino | undefined;
/**
 * pino is loaded when the first logger is made, not when this module is: it is ~15 ms of every
 * start (the CLI's `devices` loads the MDM layer but never logs). A CommonJS package, so a
 * synchronous require keeps createMdmLogger synchronous; the CLI bundle leaves it external.
 */
function loadPino(): typeof pino {
  return (pinoModule ??= createRequire(import.meta.url)('pino') as typeof pino);
}

function escapeValue(value: unknown): unknown {
  if (typeof value === 'string') return escapeControl(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Error) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? escapeControl(v) : v]));
}

function escapedLogMethod(this: Logger, args: Parameters<pino.LogFn>, method: pino.LogFn): void {
  method.apply(this, args.map(escapeValue) as Parameters<pino.LogFn>);
}

/** Strips credentials a URL might carry (user:pass@host) before it reaches a log line or an error. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
