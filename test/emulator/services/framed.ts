import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import type { FiredFault } from '../faults.js';
import { sleep } from '../latency.js';
import { encodeXml, type PlistDict } from '../plist-codec.js';
import { encodeFrame, frameBytes } from '../lockdown/framing.js';

/**
 * Sends one framed reply, acting out any fault registered for this request. Returns false when the
 * reply was not (fully) delivered, so the caller stops serving the connection.
 */
export async function sendReply(
  stream: Duplex,
  device: VirtualDevice,
  ctx: CartContext,
  request: string,
  reply: PlistDict,
  fault: FiredFault | null = ctx.faults.match(device.udid, request),
): Promise<boolean> {
  const delay = ctx.latency.request();
  if (delay > 0) {
    ctx.protocolCounters.think(device.udid, delay);
    await sleep(delay);
  }
  if (fault) ctx.log(device.udid, `fault ${fault.kind} on ${request}`);
  switch (fault?.kind) {
    case 'unplug':
      ctx.unplug(device);
      return false;
    case 'close':
    case 'drop-tls':
      stream.destroy();
      return false;
    case 'malformed-plist':
      // Not "<?xml" nor "bplist00": libimobiledevice reports PLIST_ERROR (docs/device-protocols.md §3.1).
      write(stream, frameBytes(Buffer.from('<plist version="1.0"><dict><key>Request</key><str', 'utf8')));
      return true;
    case 'truncated-plist': {
      const body = encodeXml(reply);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length, 0);
      write(stream, Buffer.concat([header, body.subarray(0, Math.floor(body.length / 2))]));
      setTimeout(() => stream.destroy(), 50).unref();
      return false;
    }
    case 'slow-reply':
      await sleep(fault.delayMs);
      break;
    default:
      break;
  }
  if (stream.destroyed || !stream.writable) return false;
  write(stream, encodeFrame(reply));
  return true;
}

export function write(stream: Duplex, bytes: Buffer): void {
  if (!stream.destroyed && stream.writable) stream.write(bytes);
}
