import { z } from 'zod';
import type { DeviceLayer } from '../device/device-layer.js';
import { isDeviceError } from '../device/errors.js';
import { withLockdown } from '../device/lockdown.js';
import { marketingName } from '../device/model-names.js';
import type { DeviceFacts } from '../staging/device-port.js';
import { factsFromSnapshot } from './device-records.js';

const sessionlessValues = z
  .object({ ProductType: z.string().optional(), ProductVersion: z.string().optional(), DeviceName: z.string().optional() })
  .loose();
const SESSIONLESS_KEYS: readonly string[] = Object.keys(sessionlessValues.shape);

export type DeviceReading = { paired: true; facts: DeviceFacts } | { paired: false; basic: { productType: string | null; model: string | null; productVersion: string | null; name: string | null } };

/**
 * What the station can learn about a device without disturbing it: a paired device gives its full
 * snapshot; an unpaired one only what lockdown answers without a session — never a Trust dialog
 * just because a device was plugged in (libimobiledevice's handshake would pair on its own).
 */
export async function readDevice(layer: DeviceLayer, udid: string): Promise<DeviceReading> {
  const record = await layer.context.transport.readPairRecord(udid).catch(() => null);
  if (record) {
    try {
      return { paired: true, facts: factsFromSnapshot(await layer.snapshot(udid)) };
    } catch (e) {
      if (!isDeviceError(e, 'NOT_PAIRED')) throw e;
    }
  }
  const values = await withLockdown(layer.context, udid, async (ld) => sessionlessValues.parse((await ld.getValue(null, null, SESSIONLESS_KEYS)) ?? {}), { handshake: false });
  return {
    paired: false,
    basic: {
      productType: values.ProductType ?? null,
      model: values.ProductType ? marketingName(values.ProductType) : null,
      productVersion: values.ProductVersion ?? null,
      name: values.DeviceName ?? null,
    },
  };
}
