/**
 * Renaming is lockdown SetValue DeviceName in a paired session (docs/device-protocols.md §3.5,
 * §5.6). Lockdown is the provider services are started through, not a started service, so this is a
 * lockdown call rather than a DeviceService client: pymobiledevice3 likewise renames through the
 * provider (pymobiledevice3/lockdown.py set_value), not through a service class.
 */
import { z } from 'zod';
import type { DeviceContext } from '../context.js';
import { DeviceError } from '../errors.js';
import { withLockdown } from '../lockdown.js';
import { parseReply } from '../plist.js';

export const DEVICE_NAME_KEY = 'DeviceName';

/** Sets the name and reads it back; returns what the device now reports (iOS may trim it). */
export async function renameDevice(ctx: DeviceContext, udid: string, name: string): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw new DeviceError('INTERNAL', { udid, message: 'A device name cannot be empty.', remedy: 'Check the naming template.' });
  return withLockdown(ctx, udid, async (ld) => {
    await ld.setValue(null, DEVICE_NAME_KEY, trimmed);
    return parseReply(z.string(), await ld.getValue(null, DEVICE_NAME_KEY), { udid, what: 'DeviceName' });
  });
}
