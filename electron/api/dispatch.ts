import type { z } from 'zod';
import { HostError, toApiError } from './error-normalize.js';
import type { ApiError } from './errors.js';
import type { RequestContext } from './request-context.js';
import { kioskOutput } from './kiosk-view.js';
import { hostedCommands, isHostedCommand, type HostedCommandName, type HostedHandlers } from './hosted.js';

/** The commands a kiosk may run: read the cart and its own flows, nothing that changes a device. */
const KIOSK_ALLOWED: ReadonlySet<HostedCommandName> = new Set(['station.info', 'devices.list', 'cart.get', 'kiosk.identify', 'kiosk.checkOut', 'kiosk.checkIn', 'kiosk.pick']);

export function kioskMayRun(name: HostedCommandName): boolean {
  return KIOSK_ALLOWED.has(name);
}

/**
 * A kiosk asked for a command outside its allowlist. Its own class so a host can answer it
 * differently from a failed sign-in (HTTP: 403, not 401) without checking the list itself.
 */
export class KioskRefusal extends HostError {
  constructor(name: HostedCommandName) {
    super('UNAUTHORIZED', `This screen is a kiosk: “${name}” is only available on the station’s admin screens.`, 'Use the station’s own screen or leave kiosk mode with the admin PIN.');
  }
}

/** zod's issues as one sentence a person can fix the input from ("udids: Too small…"). */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return `The input is not valid: ${parts.join('; ')}${error.issues.length > 5 ? ' (and more)' : ''}.`;
}

export interface DispatchOptions {
  /** Refuse what a kiosk may not run (the host is in kiosk mode). */
  kiosk?: boolean;
  /** Who is asking; handed to the handler so its audit entries say who and where. */
  context?: RequestContext;
}

/**
 * How every host runs a command: look it up in the table, zod-parse the untrusted input, call the
 * station's handler. Throws HostError (unknown command, bad input, not available); the handler's own
 * errors pass through for the host to normalize with `toApiError`.
 */
export async function dispatchCommand(handlers: HostedHandlers, name: string, rawInput: unknown, options: DispatchOptions = {}): Promise<unknown> {
  if (!isHostedCommand(name)) throw new HostError('NOT_FOUND', `There is no command named “${truncate(name)}”.`);
  // The one place the kiosk allowlist is enforced: IPC, HTTP and the CLI all come through here.
  if (options.kiosk && !kioskMayRun(name)) throw new KioskRefusal(name);
  const parsed = hostedCommands[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) throw new HostError('INVALID_INPUT', describeIssues(parsed.error));
  const handler = (handlers as Record<string, ((input: unknown, context?: RequestContext) => Promise<unknown>) | undefined>)[name];
  if (typeof handler !== 'function') {
    throw new HostError('NOT_SUPPORTED', `This station cannot run “${name}” yet.`, 'Update Cartwright; this feature arrives with a later version.');
  }
  const output = await handler.call(handlers, parsed.data, options.context);
  // A kiosk sees no paths, fingerprints, serials or holders (kiosk-view.ts).
  return options.kiosk ? kioskOutput(name, output) : output;
}

/** Runs a command and folds any failure into the ApiError shape (never a stack trace). */
export async function dispatchToResult(
  handlers: HostedHandlers,
  name: string,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<{ ok: true; value: unknown } | { ok: false; error: ApiError; cause: unknown }> {
  try {
    return { ok: true, value: await dispatchCommand(handlers, name, rawInput, options) };
  } catch (err) {
    return { ok: false, error: toApiError(err), cause: err };
  }
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
