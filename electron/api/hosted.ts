import type { z } from 'zod';
import type { StationHandlers } from './client.js';
import { commands } from './commands.js';

/**
 * Every command a host (IPC, HTTP) dispatches. Today that is exactly the station's `commands`
 * (the kiosk and flow commands joined them with their handlers); a command added here ahead of its
 * handler is optional in HostedHandlers and answered NOT_SUPPORTED by a station that lacks it.
 */
export const hostedCommands = { ...commands } as const;

export type HostedCommands = typeof hostedCommands;
export type HostedCommandName = keyof HostedCommands;
export type HostedInput<K extends HostedCommandName> = z.input<HostedCommands[K]['input']>;
export type HostedOutput<K extends HostedCommandName> = z.output<HostedCommands[K]['output']>;

type PendingHandlers = {
  [K in Exclude<HostedCommandName, keyof StationHandlers>]?: (input: z.output<HostedCommands[K]['input']>) => Promise<HostedOutput<K>>;
};

/** What the hosts are given: the station's handlers, with commands still ahead of their handlers optional. */
export type HostedHandlers = StationHandlers & PendingHandlers;

export function isHostedCommand(name: string): name is HostedCommandName {
  return Object.hasOwn(hostedCommands, name);
}
