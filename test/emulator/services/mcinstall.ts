import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { readFrames } from '../lockdown/framing.js';
import { asString } from '../plist-codec.js';
import type { McInstallHost } from '../mcinstall/contract.js';
import { createMcInstallSession } from '../mcinstall/index.js';
import { sendReply } from './framed.js';

/**
 * Plumbing for `com.apple.mobile.MCInstall` (docs/device-protocols.md §4.1): framing, faults and
 * latency live here; the requests themselves are the MCInstall module's (mcinstall/index.ts), one
 * session per connection because escalation is per connection.
 */
export function serveMcInstall(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  let replying = false;
  let eraseRequested = false;
  const erase = (): void => {
    eraseRequested = false;
    ctx.reboot(device, 'erase');
  };
  const host: McInstallHost = {
    // The Acknowledged reply must leave before the device goes down (§4.2): wait for it if it is still being sent.
    eraseDevice: () => {
      eraseRequested = true;
      if (!replying) erase();
    },
    now: () => new Date(ctx.now()),
    // AllowPairing=false: every host pairing goes; later pairings need the supervisor challenge (§4.6).
    deleteHostPairings: () => {
      device.pairings.clear();
      ctx.changed();
    },
  };
  const session = createMcInstallSession(device, host);

  const reader = readFrames(
    stream,
    async (request) => {
      const verb = asString(request.RequestType) ?? 'Unknown';
      ctx.protocolCounters.mcinstallRequest(device.udid, verb);
      ctx.log(device.udid, `mcinstall ${verb}`);
      replying = true;
      try {
        const reply = await session.handle(request);
        if (verb === 'EraseDevice' && reply.Status === 'Acknowledged' && device.eraseReply === 'drop') {
          // The device goes down mid-request: no reply, the connection just ends.
          ctx.log(device.udid, 'mcinstall EraseDevice: dropping the connection without a reply');
          stream.destroy();
        } else {
          await sendReply(stream, device, ctx, verb, reply);
          await flushed(stream);
        }
      } finally {
        replying = false;
      }
      if (eraseRequested) erase();
    },
    (error) => {
      ctx.log(device.udid, `mcinstall: ${error.message}`);
      reader.detach();
      stream.destroy();
    },
  );
}

/** Resolves once every byte written so far has reached the socket (nothing left queued in the stream). */
function flushed(stream: Duplex): Promise<void> {
  // Nothing queued: the reply is already with the kernel, so no empty write (a syscall) is needed.
  if (stream.destroyed || !stream.writable || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => stream.write(Buffer.alloc(0), () => resolve()));
}
