import type { z } from 'zod';
import type { CommandInput, CommandName, CommandOutput, Commands } from './commands.js';
import type { StationEvent } from './events.js';
import type { RequestContext } from './request-context.js';

/**
 * How the renderer (and any other client) talks to a station, whatever carries it: the Electron
 * preload bridge, or HTTP + WebSocket for a browser kiosk and the tests.
 */
export interface StationClient {
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: StationEvent) => void): () => void;
}

/**
 * What the hosts dispatch to: one async handler per command, given its already-validated input and,
 * from a host that knows the caller, who is asking (for the audit log).
 */
export type StationHandlers = {
  [K in CommandName]: (input: z.output<Commands[K]['input']>, context?: RequestContext) => Promise<CommandOutput<K>>;
};
