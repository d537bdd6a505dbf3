import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { readFrames } from '../lockdown/framing.js';
import { asString, type PlistDict } from '../plist-codec.js';
import { sendReply } from './framed.js';

/**
 * `com.apple.mobileactivationd` (§5.5). Real activation needs Apple's servers; here the handle
 * requests succeed (unless Activation Lock is on), so a station's activation step can be exercised.
 */
export function serveActivation(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  const reader = readFrames(
    stream,
    async (request) => {
      const command = asString(request.Command) ?? 'Unknown';
      device.count(command);
      ctx.log(device.udid, `mobileactivation ${command}`);
      await sendReply(stream, device, ctx, command, handle(device, ctx, command));
    },
    (error) => {
      ctx.log(device.udid, `mobileactivation: ${error.message}`);
      reader.detach();
      stream.destroy();
    },
  );
}

function handle(device: VirtualDevice, ctx: CartContext, command: string): PlistDict {
  switch (command) {
    case 'GetActivationStateRequest':
      return { Value: device.activationLock ? 'Unactivated' : device.activationState };
    case 'CreateTunnel1SessionInfoRequest':
      return { Value: { HandshakeRequestMessage: randomBytes(64), UniqueDeviceID: device.udid } };
    case 'CreateActivationInfoRequest':
    case 'CreateTunnel1ActivationInfoRequest':
      return { Value: { ActivationInfoXML: randomBytes(128), FairPlayCertChain: randomBytes(64), FairPlaySignature: randomBytes(128) } };
    case 'HandleActivationInfoRequest':
    case 'HandleActivationInfoWithSessionRequest':
      if (device.activationLock) return { Error: 'Activation Lock is enabled: the device is linked to an Apple Account.' };
      device.activationState = 'Activated';
      ctx.changed();
      return { Value: {} };
    case 'DeactivateRequest':
      device.activationState = 'Unactivated';
      ctx.changed();
      return { Value: {} };
    default:
      return { Error: `Unknown command ${command}` };
  }
}
