/**
 * Activation state. Lockdown's ActivationState is readable without a session (§3.4) and is the
 * primary source; com.apple.mobileactivationd (binary plists, §5.5) is asked when lockdown does
 * not say. A station without Apple's servers can only read the state, not activate.
 */
import { z } from 'zod';
import type { DeviceContext } from '../context.js';
import { withLockdown } from '../lockdown.js';
import { parseReply } from '../plist.js';
import { PlistServiceConnection, withService } from './service-connection.js';

export const ACTIVATION_SERVICE_NAME = 'com.apple.mobileactivationd';

export type ActivationState = 'Activated' | 'Unactivated' | 'FactoryActivated' | 'SoftActivated' | 'MismatchedIMEI' | 'MismatchedICCID' | 'MissingSIM' | string;

export function isActivated(state: ActivationState): boolean {
  return state === 'Activated' || state === 'FactoryActivated' || state === 'SoftActivated';
}

const stateSchema = z.string().min(1);
const mobileActivationReply = z.object({ Value: z.string() }).loose();

export async function readActivationState(ctx: DeviceContext, udid: string): Promise<ActivationState> {
  const value = await withLockdown(ctx, udid, (ld) => ld.getValue(null, 'ActivationState'), { handshake: false });
  if (value !== undefined) return parseReply(stateSchema, value, { udid, what: 'ActivationState' });
  return withService(
    () => PlistServiceConnection.open(ctx, udid, ACTIVATION_SERVICE_NAME),
    async (svc) => parseReply(mobileActivationReply, await svc.request({ Command: 'GetActivationStateRequest' }, { binary: true }), { udid, what: 'mobileactivation reply' }).Value,
  );
}
