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
  return `The input is not valid: ${issueList(error)}.`;
}

function issueList(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return `${parts.join('; ')}${error.issues.length > 5 ? ' (and more)' : ''}`;
}

/**
 * Whether answers are checked against their commands' output schemas: under test (NODE_ENV=test,
 * which vitest sets and the hosts' child processes inherit) or with CARTWRIGHT_CHECK_OUTPUTS=1, so
 * a handler that drifts from the contract fails there, loudly. In production the station's own
 * answers are trusted and cost no parse.
 */
export function outputChecksWanted(env: Readonly<Record<string, string | undefined>> | undefined): boolean {
  return env?.NODE_ENV === 'test' || env?.CARTWRIGHT_CHECK_OUTPUTS === '1';
}

// Read once: the environment does not change under a running station. `process` is absent in
// the renderer, which imports this contract too but never dispatches.
const CHECK_OUTPUTS = outputChecksWanted((globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env);

/** Throws when `output` is not what `name` promises (only while output checks are on). */
export function checkOutput(name: HostedCommandName, output: unknown): void {
  const parsed = hostedCommands[name].output.safeParse(output);
  if (parsed.success) return;
  throw new HostError('INTERNAL', `The station’s answer to “${name}” does not match its contract: ${issueList(parsed.error)}.`, 'This is a Cartwright bug: the handler and electron/api disagree. Fix whichever is wrong.');
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
  if (CHECK_OUTPUTS) checkOutput(name, output);
  if (!options.kiosk) return output;
  // A kiosk sees no paths, fingerprints, serials or holders (kiosk-view.ts); still within the contract.
  const shown = kioskOutput(name, output);
  if (CHECK_OUTPUTS) checkOutput(name, shown);
  return shown;
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
