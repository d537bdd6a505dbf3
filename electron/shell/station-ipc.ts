import { z } from 'zod';
import { HostError, hostedCommands, kioskMayRun, kioskOutput, type HostInfo, type HostedCommandName, type HostedHandlers } from '../api/index.js';
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

/** One channel per station command (generated from the table) plus the shell's own few. */
export function registerStationIpc(ipc: TrustedIpc, handlers: HostedHandlers, shell: ShellControls): void {
  for (const name of Object.keys(hostedCommands) as HostedCommandName[]) {
    ipc.handle(commandChannel(name), hostedCommands[name].input, (input: unknown) => runCommand(handlers, name, input, shell.isKiosk()));
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

async function runCommand(handlers: HostedHandlers, name: HostedCommandName, input: unknown, kiosk: boolean): Promise<unknown> {
  if (kiosk && !kioskMayRun(name)) throw new HostError('UNAUTHORIZED', 'This screen is a kiosk: that action needs the admin PIN.');
  const handler = (handlers as Record<string, ((input: unknown) => Promise<unknown>) | undefined>)[name];
  if (typeof handler !== 'function') throw new HostError('NOT_SUPPORTED', `This station cannot run “${name}” yet.`, 'Update Cartwright; this feature arrives with a later version.');
  const output = await handler.call(handlers, input);
  return kiosk ? kioskOutput(name, output) : output;
}
