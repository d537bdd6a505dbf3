import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { majorOf } from '../device/catalog.js';
import { readFrames } from '../lockdown/framing.js';
import { asString, type PlistDict } from '../plist-codec.js';
import { sendReply } from './framed.js';

/**
 * `com.apple.mobile.mobile_image_mounter` on a stock device: nothing mounted, no Developer Mode.
 * Reply shapes from pymobiledevice3 services/mobile_image_mounter.py: LookupImage answers an
 * empty `ImageSignature` list (older iOS: `ImagePresent: false`), CopyDevices an empty
 * `EntryList`; unknown commands answer `Error: UnknownCommand`. Mounting needs a developer disk
 * image the emulator does not have, so MountImage is refused.
 */
export function serveImageMounter(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  const reader = readFrames(
    stream,
    async (request) => {
      const command = asString(request.Command) ?? 'Unknown';
      device.count(command);
      const delivered = await sendReply(stream, device, ctx, command, answer(device, command));
      if (delivered && command === 'Hangup') stream.end();
    },
    () => {
      reader.detach();
      stream.destroy();
    },
  );
}

function answer(device: VirtualDevice, command: string): PlistDict {
  switch (command) {
    case 'LookupImage':
      return majorOf(device.productVersion) >= 14 ? { ImageSignature: [], Status: 'Complete' } : { ImagePresent: false, Status: 'Complete' };
    case 'CopyDevices':
      return { EntryList: [], Status: 'Complete' };
    case 'QueryDeveloperModeStatus':
      return { DeveloperModeStatus: false };
    case 'UploadImage':
    case 'ReceiveBytes':
    case 'MountImage':
      // pymobiledevice3 recognises this refusal by the DetailedError text.
      return { Error: 'InternalError', DetailedError: 'Developer mode is not enabled.' };
    case 'UnmountImage':
      return { Error: 'InternalError', DetailedError: 'There is no matching entry in the device map for the given path.' };
    case 'Hangup':
      return { Status: 'Complete' };
    default:
      return { Error: 'UnknownCommand' };
  }
}
