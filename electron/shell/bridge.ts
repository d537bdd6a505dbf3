import { hostedCommands, type CartwrightBridge, type HostedCommandName, type StationEvent } from '../api/index.js';
import { CHANNEL, commandChannel } from './ipc-channels.js';

/** The part of ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * What the preload exposes as `window.cartwright`: one function per command, generated from the
 * table, each bound to its own channel; the page never sees ipcRenderer or picks a channel itself.
 */
export function buildBridge(ipc: IpcRendererLike): CartwrightBridge {
  const commands: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(hostedCommands) as HostedCommandName[]) {
    const channel = commandChannel(name);
    commands[name] = (input: unknown) => ipc.invoke(channel, input);
  }
  return {
    commands: Object.freeze(commands) as unknown as CartwrightBridge['commands'],
    onEvent(listener: (event: StationEvent) => void): () => void {
      // The page's callback gets the event only, never Electron's IpcRendererEvent (it carries `sender`).
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload as StationEvent);
      ipc.on(CHANNEL.event, wrapped);
      return () => {
        ipc.removeListener(CHANNEL.event, wrapped);
      };
    },
    hostInfo: () => ipc.invoke(CHANNEL.hostInfo) as ReturnType<CartwrightBridge['hostInfo']>,
    exitKiosk: (pin) => ipc.invoke(CHANNEL.exitKiosk, pin) as ReturnType<CartwrightBridge['exitKiosk']>,
    enterKiosk: () => ipc.invoke(CHANNEL.enterKiosk) as ReturnType<CartwrightBridge['enterKiosk']>,
    setKioskPin: (pin) => ipc.invoke(CHANNEL.setKioskPin, pin) as ReturnType<CartwrightBridge['setKioskPin']>,
  };
}
