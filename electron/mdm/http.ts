import type { z } from 'zod';
import { MdmError } from './errors.js';
import { createMdmLogger, safeUrl, type Logger } from './logger.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null | readonly string[];

export interface HttpRequest<T> {
  method: HttpMethod;
  /** Path under the base URL, or an absolute URL (a Link header's next page). */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** zod schema of a 2xx JSON body; omit for empty answers (202 Accepted). */
  schema?: z.ZodType<T>;
  /** Safe to repeat after a timeout or a 5xx. Defaults: GET/PUT/DELETE yes, POST/PATCH no. */
  idempotent?: boolean;
  /** Attach the connector's credentials (false for the OAuth token request, which carries its own). */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Connector name, for messages ("Workspace ONE did not answer …"). */
  label: string;
  authHeaders?: () => Promise<Record<string, string>>;
  /** Called once on a 401: refresh an OAuth token and return true to retry the request. */
  onUnauthorized?: () => Promise<boolean>;
  /** Turns a non-2xx answer into an MdmError with the vendor's own error shape. */
  parseError: (status: number, body: string, headers: Headers, label: string) => MdmError;
  timeoutMs?: number;
  /** Extra attempts for idempotent calls (and for any call answered 429, which was not processed). */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is handed to the outbox instead of slept through. */
  maxRetryAfterMs?: number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch?: typeof fetch;
  logger?: Logger;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** RFC 8288 Link header → rel → URL (Meraki pagination). */
export function parseLinkHeader(value: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const part of value.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (!match) continue;
    const rel = /rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '');
    if (rel?.[1] && match[1] !== undefined) for (const r of rel[1].trim().split(/\s+/)) links[r.toLowerCase()] = match[1];
  }
  return links;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The one way connectors reach an MDM: timeouts, retries with jittered back-off for idempotent
 * calls only, Retry-After honoured, bodies parsed with zod, and nothing secret in logs (headers and
 * bodies are never logged; URLs are stripped of userinfo).
 */
export class HttpClient {
  private readonly o: Required<Omit<HttpClientOptions, 'authHeaders' | 'onUnauthorized' | 'logger'>> & Pick<HttpClientOptions, 'authHeaders' | 'onUnauthorized'>;
  private readonly log: Logger;

  constructor(options: HttpClientOptions) {
    this.o = {
      timeoutMs: 15_000,
      retries: 3,
      baseDelayMs: 500,
      maxDelayMs: 10_000,
      maxRetryAfterMs: 30_000,
      random: Math.random,
      sleep: abortableSleep,
      fetch: globalThis.fetch.bind(globalThis),
      ...options,
    };
    this.log = options.logger ?? createMdmLogger();
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(this.o.baseUrl.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request<T = undefined>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE');
    const url = this.url(req.path, req.query);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      let response: Response;
      try {
        response = await this.send(url, req);
      } catch (error) {
        if (req.signal?.aborted) throw error;
        const timedOut = (error as Error).name === 'TimeoutError';
        const failure = new MdmError(
          'MDM_UNAVAILABLE',
          timedOut ? `${this.o.label} did not answer within ${this.o.timeoutMs} ms (${req.method} ${safeUrl(url)})` : `${this.o.label} is unreachable (${req.method} ${safeUrl(url)}): ${describeCause(error)}`,
          { retryable: true, cause: error },
        );
        this.log.warn({ method: req.method, url: safeUrl(url), attempt, timedOut }, 'mdm request failed');
        if (idempotent && attempt < this.o.retries) {
          await this.o.sleep(this.backoff(attempt), req.signal);
          continue;
        }
        throw failure;
      }
      this.log.debug({ method: req.method, url: safeUrl(url), status: response.status, ms: Date.now() - started }, 'mdm request');

      if (response.status === 401 && !refreshed && req.auth !== false && this.o.onUnauthorized) {
        refreshed = true;
        if (await this.o.onUnauthorized()) {
          await response.arrayBuffer().catch(() => undefined);
          attempt--;
          continue;
        }
      }
      if (response.ok) {
        const text = await response.text();
        try {
          return { status: response.status, headers: response.headers, data: this.parse(text, req, url) };
        } catch (error) {
          const malformed = error instanceof MdmError && error.retryable;
          if (malformed && idempotent && attempt < this.o.retries) {
            await this.o.sleep(this.backoff(attempt), req.signal);
            continue;
          }
          throw error;
        }
      }

      const body = await response.text().catch(() => '');
      const error = this.o.parseError(response.status, body, response.headers, this.o.label);
      const wait = retryAfterMs(response.headers.get('retry-after'));
      // 429 means "not processed", so even a POST may be repeated; other failures only when idempotent.
      const repeatable = response.status === 429 || (idempotent && (response.status >= 500 || response.status === 408));
      if (repeatable && attempt < this.o.retries && (wait === undefined || wait <= this.o.maxRetryAfterMs)) {
        await this.o.sleep(wait ?? this.backoff(attempt), req.signal);
        continue;
      }
      throw wait !== undefined && error.retryable
        ? new MdmError(error.code, error.message, { status: error.status, vendor: error.vendor, retryable: true, retryAfterMs: wait, remedy: error.remedy })
        : error;
    }
  }

  private async send(url: string, req: HttpRequest<unknown>): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...(req.auth === false ? {} : await this.o.authHeaders?.()), ...req.headers };
    let body: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(req.json);
    }
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    return this.o.fetch(url, { method: req.method, headers, ...(body === undefined ? {} : { body }), signal, redirect: 'error' });
  }

  private parse<T>(text: string, req: HttpRequest<T>, url: string): T {
    if (!req.schema) return undefined as T;
    let raw: unknown;
    try {
      raw = text.trim() === '' ? null : JSON.parse(text);
    } catch {
      throw new MdmError('MDM_UNAVAILABLE', `${this.o.label} answered ${req.method} ${safeUrl(url)} with malformed JSON (starts "${text.slice(0, 40)}")`, {
        retryable: true,
        remedy: 'A proxy or gateway in front of the MDM may be answering instead of the API; check the MDM URL.',
      });
    }
    const parsed = req.schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MdmError('MDM_UNAVAILABLE', `${this.o.label} answered ${req.method} ${safeUrl(url)} with an unexpected shape: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : parsed.error.message}`, {
        retryable: false,
      });
    }
    return parsed.data;
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (ceiling / 2) * this.o.random());
  }
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
