import type { z } from 'zod';
import type { StationHandlers } from './client.js';
import { commands } from './commands.js';
import { kioskCommands } from './kiosk.js';

/**
 * Every command a host (IPC, HTTP) dispatches: the station's `commands` plus those whose handlers
 * arrive with later issues. A station that lacks one of the later handlers answers NOT_SUPPORTED.
 */
export const hostedCommands = { ...commands, ...kioskCommands } as const;

export type HostedCommands = typeof hostedCommands;
export type HostedCommandName = keyof HostedCommands;
export type HostedInput<K extends HostedCommandName> = z.input<HostedCommands[K]['input']>;
export type HostedOutput<K extends HostedCommandName> = z.output<HostedCommands[K]['output']>;

type PendingHandlers = {
  [K in Exclude<HostedCommandName, keyof StationHandlers>]?: (input: z.output<HostedCommands[K]['input']>) => Promise<HostedOutput<K>>;
};

/** What the hosts are given: the station's handlers, with the later commands optional. */
export type HostedHandlers = StationHandlers & PendingHandlers;

export function isHostedCommand(name: string): name is HostedCommandName {
  return Object.hasOwn(hostedCommands, name);
}
