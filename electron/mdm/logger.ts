import pino, { type Logger } from 'pino';

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
  return pino({ name: 'mdm', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination ?? pino.destination(2));
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
