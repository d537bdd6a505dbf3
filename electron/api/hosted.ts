import type { z } from 'zod';
import type { StationHandlers } from './station-handlers.js';
import { commands } from './commands.js';

/**
 * Every command a host (IPC, HTTP) dispatches: exactly the station's `commands`. A handler map
 * built outside the type system that lacks one is answered NOT_SUPPORTED by dispatchCommand.
 */
export const hostedCommands = { ...commands } as const;

export type HostedCommands = typeof hostedCommands;
export type HostedCommandName = keyof HostedCommands;
export type HostedInput<K extends HostedCommandName> = z.input<HostedCommands[K]['input']>;
export type HostedOutput<K extends HostedCommandName> = z.output<HostedCommands[K]['output']>;

/** What the hosts are given: the station's handlers. */
export type HostedHandlers = StationHandlers;

export function isHostedCommand(name: string): name is HostedCommandName {
  return Object.hasOwn(hostedCommands, name);
}
