import type { CartwrightBridge, HostResult } from '../../../electron/api/index.js';
import { StationCallError, type Transport } from './transport';

function unwrap<T>(result: HostResult<T>): T {
  if (result.ok) return result.value;
  throw new StationCallError(result.error);
}

/** Electron: every call goes through the preload's narrow function for that command. */
export function bridgeTransport(bridge: CartwrightBridge): Transport {
  return {
    kind: 'electron',
    call: async (name, input) => unwrap(await (bridge.commands[name] as (i: unknown) => Promise<HostResult<never>>)(input)),
    subscribe(listener, onStatus) {
      onStatus('open');
      return bridge.onEvent(listener);
    },
    hostInfo: async () => unwrap(await bridge.hostInfo()),
    exitKiosk: async (pin) => unwrap(await bridge.exitKiosk(pin)).exited,
    enterKiosk: async () => unwrap(await bridge.enterKiosk()).entered,
    setKioskPin: async (pin) => {
      unwrap(await bridge.setKioskPin(pin));
    },
  };
}
