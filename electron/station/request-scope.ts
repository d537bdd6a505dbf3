import { AsyncLocalStorage } from 'node:async_hooks';
import type { StationHandlers } from '../api/station-handlers.js';
import type { CommandName } from '../api/commands.js';
import type { RequestContext } from '../api/request-context.js';
import { errorInfo } from '../staging/error-info.js';
import type { JsonValue } from '../store/json.js';
import type { AuditSource } from '../store/repos/audit-repo.js';

/**
 * The request a handler is serving, for the audit entries it writes however deep it goes. An
 * AsyncLocalStorage rather than a parameter through every handler: station.audit() is called from
 * dozens of places, and work the command starts (a batch) is rightly filed under who started it.
 */
const scope = new AsyncLocalStorage<RequestContext>();

export function currentRequestContext(): RequestContext | undefined {
  return scope.getStore();
}

/** The audit columns and details for the current request: its source, and where it came from. */
export function requestAuditFields(fallbackSource: AuditSource): { source: AuditSource; via: Record<string, JsonValue> | null } {
  const ctx = scope.getStore();
  if (!ctx) return { source: fallbackSource, via: null };
  const via: Record<string, JsonValue> = {};
  if (ctx.address !== undefined) via.address = ctx.address;
  if (ctx.userAgent !== undefined) via.userAgent = ctx.userAgent;
  if (ctx.session !== undefined) via.session = ctx.session;
  return { source: ctx.source, via: Object.keys(via).length ? via : null };
}

/** Commands that only read: a refusal there changes nothing and is not evidence worth an audit row. */
const READS: ReadonlySet<CommandName> = new Set<CommandName>([
  'station.info',
  'devices.list',
  'devices.get',
  'staging.batch',
  'staging.jobs',
  'blueprints.list',
  'blueprints.get',
  'cart.get',
  'audit.query',
  'mdm.status',
  'mdm.outbox',
  'mdm.syncRuns',
  'identity.show',
  'users.list',
  'users.search',
  'flows.guidance',
  'flows.status',
  'flows.checkouts',
  'flows.handoffSheet',
  'staging.unfinished',
  'staging.validate',
  'audit.verify',
  'mdm.users',
  'mdm.device',
  'identity.check',
  'enrollmentProfile.show',
  'blueprints.history',
  'profiles.inspect',
]);

/** Input fields that name what a failed command was aimed at; everything else (credentials, CSVs, PINs) stays out. */
const NAMING_FIELDS = ['udid', 'udids', 'jobId', 'batchId', 'name', 'version', 'kind', 'action', 'id'] as const;

export function auditsFailure(name: CommandName): boolean {
  // The kiosk's own refusals are summarized by its lockout, not one row per guess.
  return !READS.has(name) && !name.startsWith('kiosk.');
}

export interface FailureAudit {
  (entry: { action: string; udid: string | null; details: Record<string, unknown> }): void;
}

/**
 * Wraps the station's handlers: each runs inside its request's scope, and a command that changes
 * something and fails leaves a `<command>.failed` audit entry (error code and message, and what it
 * was aimed at).
 */
export function scopedHandlers(handlers: StationHandlers, auditFailure: FailureAudit): StationHandlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(handlers) as [CommandName, (input: unknown) => Promise<unknown>][]) {
    const run = async (input: unknown): Promise<unknown> => {
      try {
        return await fn.call(handlers, input);
      } catch (e) {
        if (auditsFailure(name)) {
          const info = errorInfo(e);
          const aimed = Object.fromEntries(NAMING_FIELDS.filter((k) => isRecord(input) && input[k] !== undefined).map((k) => [k, (input as Record<string, unknown>)[k]]));
          const udid = isRecord(input) ? singleUdid(input) : null;
          auditFailure({ action: `${name}.failed`, udid, details: { ...aimed, code: info.code, message: info.message } });
        }
        throw e;
      }
    };
    wrapped[name] = (input: unknown, context?: RequestContext) => (context ? scope.run(context, () => run(input)) : run(input));
  }
  return wrapped as StationHandlers;
}

function singleUdid(input: Record<string, unknown>): string | null {
  if (typeof input.udid === 'string') return input.udid;
  return Array.isArray(input.udids) && input.udids.length === 1 && typeof input.udids[0] === 'string' ? input.udids[0] : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
