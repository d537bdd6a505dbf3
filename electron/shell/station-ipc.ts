import { z } from 'zod';
import { HostError, dispatchCommand, hostedCommands, type HostInfo, type HostedCommandName, type HostedHandlers } from '../api/index.js';
import { CHANNEL, commandChannel } from './ipc-channels.js';
import type { TrustedIpc } from './ipc-wrapper.js';

export interface ShellControls {
  hostInfo(): HostInfo;
  isKiosk(): boolean;
  exitKiosk(pin: string): Promise<boolean>;
  enterKiosk(): Promise<boolean>;
  setKioskPin(pin: string): Promise<void>;
}

const Pin = z.string().regex(/^\d{4,12}$/, 'The PIN is 4 to 12 digits.');

/**
 * One channel per station command (generated from the table) plus the shell's own few. A command
 * channel takes its payload as unknown and hands it to `dispatchCommand`, the same path HTTP and
 * the CLI take: zod parsing, the kiosk allowlist and the kiosk's redacted view happen there once.
 */
export function registerStationIpc(ipc: TrustedIpc, handlers: HostedHandlers, shell: ShellControls): void {
  for (const name of Object.keys(hostedCommands) as HostedCommandName[]) {
    ipc.handle(commandChannel(name), z.unknown(), (input) => dispatchCommand(handlers, name, input, { kiosk: shell.isKiosk() }));
  }
  ipc.handle(CHANNEL.hostInfo, z.undefined(), () => shell.hostInfo());
  ipc.handle(CHANNEL.exitKiosk, Pin, async (pin) => ({ exited: await shell.exitKiosk(pin) }));
  ipc.handle(CHANNEL.enterKiosk, z.undefined(), async () => ({ entered: await shell.enterKiosk() }));
  ipc.handle(CHANNEL.setKioskPin, Pin, async (pin) => {
    if (shell.isKiosk()) throw new HostError('UNAUTHORIZED', 'The admin PIN cannot be changed from the kiosk.');
    await shell.setKioskPin(pin);
    return { set: true };
  });
}
