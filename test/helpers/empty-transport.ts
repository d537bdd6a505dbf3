import { TransportError, type DeviceTransport } from '../../electron/device/transport-types.js';

/**
 * A usbmuxd with no devices, at the transport seam: a real Station over it answers every device
 * call the way an empty cart makes it fail, for tests of everything that needs no device.
 */
export function emptyTransport(buid = 'EMPTY-CART-BUID'): DeviceTransport {
  const gone = (op: string) => async (): Promise<never> => {
    throw new TransportError('usbmuxd', 'NO_DEVICE', -2, op);
  };
  return {
    listDevices: async () => [],
    readBuid: async () => buid,
    readPairRecord: async () => null,
    savePairRecord: async () => undefined,
    deletePairRecord: async () => undefined,
    subscribe: () => undefined,
    unsubscribe: async () => undefined,
    lockdown: gone('lockdown'),
    service: gone('service'),
    diagnostics: gone('diagnostics'),
  };
}
