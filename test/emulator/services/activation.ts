import type { Duplex } from 'node:stream';
import {
  acceptRecord,
  createLegacyActivationInfo,
  createSessionActivationInfo,
  createSessionInfo,
  sessionRecordOf,
} from '../activation-server/device-side.js';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { readFrames } from '../lockdown/framing.js';
import { asDict, asString, type PlistDict } from '../plist-codec.js';
import { sendReply } from './framed.js';

/**
 * `com.apple.mobileactivationd` (docs/device-protocols.md §5.5). Activation needs a record from the
 * activation server (test/emulator/activation-server/ stands in for Apple's): Handle* accept only a
 * record Apple signed for this device's last request. Which commands a version knows:
 * - iOS 10 and later: session mode (CreateTunnel1SessionInfoRequest → drmHandshake →
 *   CreateTunnel1ActivationInfoRequest → HandleActivationInfoWithSessionRequest); libideviceactivation
 *   tools/ideviceactivation.c switches to session mode from 10.0, go-ios also sends
 *   CreateActivationInfoRequest with the handshake reply as Value.
 * - iOS 9.3–9.x: the service exists (libimobiledevice issue #332: "Starting with iOS 9.3 Apple
 *   introduced a new service"), without sessions: CreateActivationInfoRequest + HandleActivationInfoRequest.
 * - before 9.3 there is no such service (lockdown/requests.ts refuses StartService).
 */
export function serveActivation(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  const reader = readFrames(
    stream,
    async (request) => {
      const command = asString(request.Command) ?? 'Unknown';
      device.count(command);
      ctx.log(device.udid, `mobileactivation ${command}`);
      await sendReply(stream, device, ctx, command, handle(device, ctx, command, request));
    },
    (error) => {
      ctx.log(device.udid, `mobileactivation: ${error.message}`);
      reader.detach();
      stream.destroy();
    },
  );
}

export function majorVersion(device: VirtualDevice): number {
  return Number(device.productVersion.split('.')[0]);
}

const answer = (r: { value: PlistDict } | { error: string }): PlistDict => ('error' in r ? { Error: r.error } : { Value: r.value });

function handle(device: VirtualDevice, ctx: CartContext, command: string, request: PlistDict): PlistDict {
  const sessions = majorVersion(device) >= 10;
  switch (command) {
    case 'GetActivationStateRequest':
      return { Value: device.activationLock ? 'Unactivated' : device.activationState };
    case 'CreateTunnel1SessionInfoRequest':
      if (!sessions) return { Error: `Unknown command ${command}` };
      return { Value: createSessionInfo(device, ctx.activation) };
    case 'CreateTunnel1ActivationInfoRequest':
      if (!sessions) return { Error: `Unknown command ${command}` };
      return answer(createSessionActivationInfo(device, ctx.activation, request.Value));
    case 'CreateActivationInfoRequest':
      if (request.Value !== undefined && sessions) return answer(createSessionActivationInfo(device, ctx.activation, request.Value));
      if (sessions) return { Error: 'Activation needs a session on this version (CreateTunnel1SessionInfoRequest).' };
      return { Value: createLegacyActivationInfo(device, ctx.activation) };
    case 'HandleActivationInfoWithSessionRequest':
    case 'HandleActivationInfoRequest': {
      const record = command === 'HandleActivationInfoRequest' ? (asDict(request.Value) ?? null) : sessionRecordOf(request.Value);
      const refused = acceptRecord(device, ctx.activation, record);
      if (refused) return { Error: refused };
      ctx.changed();
      return { Value: {} };
    }
    case 'DeactivateRequest':
      device.activationState = 'Unactivated';
      ctx.changed();
      return { Value: {} };
    default:
      return { Error: `Unknown command ${command}` };
  }
}
