import type { z } from 'zod';
import type { CommandName, CommandOutput, Commands } from './commands.js';
import type { RequestContext } from './request-context.js';

/**
 * What the hosts dispatch to: one async handler per command, given its already-validated input and,
 * from a host that knows the caller, who is asking (for the audit log).
 */
export type StationHandlers = {
  [K in CommandName]: (input: z.output<Commands[K]['input']>, context?: RequestContext) => Promise<CommandOutput<K>>;
};
