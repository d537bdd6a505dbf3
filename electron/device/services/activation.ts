/**
 * Activation state, and activation from the host. Lockdown's ActivationState is readable without a
 * session (docs/device-protocols.md §3.4) and is the primary source; com.apple.mobileactivationd
 * (binary plists, §5.5) is asked when lockdown does not say. Activation carries the device's
 * request to Apple's activation server and its record back (activation-server.ts), as Finder does
 * over USB.
 */
import { z } from 'zod';
import { isActivatedState } from '../../api/activation-state.js';
import type { DeviceContext } from '../context.js';
import { DeviceError } from '../errors.js';
import { withLockdown } from '../lockdown.js';
import { parseReply, toXml } from '../plist.js';
import { postActivationInfo, postDrmHandshake, type ActivationReply, type ServerCallOptions } from './activation-server.js';
import { withService } from './device-service.js';
import { MobileActivation } from './mobile-activation.js';

export type ActivationState = 'Activated' | 'Unactivated' | 'FactoryActivated' | 'SoftActivated' | 'MismatchedIMEI' | 'MismatchedICCID' | 'MissingSIM' | string;

/** Activated, FactoryActivated and SoftActivated all count (electron/api/activation-state.ts). */
export function isActivated(state: ActivationState): boolean {
  return isActivatedState(state);
}

/** How the device was activated: which of the three protocol generations it speaks. */
export type ActivationPath = 'session' | 'mobileactivation' | 'lockdown';

export interface ActivateOptions {
  /** Base URL of the activation server (activationBaseUrl()). */
  serverUrl: string;
  signal?: AbortSignal;
}

const stateSchema = z.string().min(1);
const infoDict = z.record(z.string(), z.unknown());

export async function readActivationState(ctx: DeviceContext, udid: string): Promise<ActivationState> {
  const value = await withLockdown(ctx, udid, (ld) => ld.getValue(null, 'ActivationState'), { handshake: false, orPooledSession: true });
  if (value !== undefined) return parseReply(stateSchema, value, { udid, what: 'ActivationState' });
  return withService(ctx, udid, MobileActivation, (svc) => svc.activationState());
}

/**
 * Activates an Unactivated device; resolves null when it was activated already. The path follows
 * libideviceactivation tools/ideviceactivation.c: iOS 10 and later use session mode (drmHandshake);
 * older devices with mobileactivationd (iOS 9.3+) send CreateActivationInfoRequest; devices without
 * the service send lockdown's ActivationInfo and take the record through lockdown's Activate.
 */
export async function activateDevice(ctx: DeviceContext, udid: string, options: ActivateOptions): Promise<ActivationPath | null> {
  if (isActivated(await readActivationState(ctx, udid))) return null;
  const server: ServerCallOptions = { baseUrl: options.serverUrl, udid, ...(options.signal ? { signal: options.signal } : {}) };
  const version = await withLockdown(ctx, udid, (ld) => ld.getValue(null, 'ProductVersion'), { handshake: false, orPooledSession: true });
  const major = typeof version === 'string' ? Number(version.split('.')[0]) : Number.NaN;
  const path: ActivationPath = major >= 10 ? 'session' : await olderPath(ctx, udid);
  options.signal?.throwIfAborted();
  if (path === 'session') await activateWithSession(ctx, udid, server);
  else if (path === 'mobileactivation') await activateWithMobileActivation(ctx, udid, server);
  else await activateWithLockdown(ctx, udid, server);
  // Both libideviceactivation and pymobiledevice3 acknowledge a successful activation.
  await withLockdown(ctx, udid, (ld) => ld.setValue(null, 'ActivationStateAcknowledged', true));
  const state = await readActivationState(ctx, udid);
  if (!isActivated(state)) {
    throw new DeviceError('NOT_ACTIVATED', { udid, message: `The device accepted the activation record but still reports “${state}”.`, chain: [{ source: 'activation', name: 'STATE', message: state }] });
  }
  return path;
}

async function olderPath(ctx: DeviceContext, udid: string): Promise<ActivationPath> {
  try {
    await withService(ctx, udid, MobileActivation, async () => undefined);
    return 'mobileactivation';
  } catch (e) {
    // InvalidService: no mobileactivationd before iOS 9.3 (libimobiledevice issue #332).
    if (e instanceof DeviceError && e.code === 'DEVICE_REFUSED') return 'lockdown';
    throw e;
  }
}

async function activateWithSession(ctx: DeviceContext, udid: string, server: ServerCallOptions): Promise<void> {
  const sessionInfo = parseReply(infoDict, await command(ctx, udid, { Command: 'CreateTunnel1SessionInfoRequest' }), { udid, what: 'activation session info' });
  const handshake = await postDrmHandshake(sessionInfo, server);
  const info = parseReply(infoDict, await command(ctx, udid, { Command: 'CreateTunnel1ActivationInfoRequest', Value: handshake }), { udid, what: 'activation info' });
  const reply = await postActivationInfo({ 'activation-info': toXml(info) }, server);
  if (reply.kind === 'acknowledged') return;
  // The device reads albert's reply itself (go-ios and libideviceactivation pass the body as data).
  const record = reply.kind === 'session-record' ? reply.body : Buffer.from(toXml(reply.record), 'utf8');
  await command(ctx, udid, { Command: 'HandleActivationInfoWithSessionRequest', Value: record, ActivationResponseHeaders: reply.headers });
}

async function activateWithMobileActivation(ctx: DeviceContext, udid: string, server: ServerCallOptions): Promise<void> {
  const info = parseReply(infoDict, await command(ctx, udid, { Command: 'CreateActivationInfoRequest' }), { udid, what: 'activation info' });
  const reply = await postActivationInfo({ 'activation-info': toXml(info) }, server);
  const record = recordOf(reply);
  if (record) await command(ctx, udid, { Command: 'HandleActivationInfoRequest', Value: record });
}

async function activateWithLockdown(ctx: DeviceContext, udid: string, server: ServerCallOptions): Promise<void> {
  const fields = await withLockdown(ctx, udid, async (ld) => {
    const info = parseReply(infoDict, await ld.getValue(null, 'ActivationInfo'), { udid, what: 'ActivationInfo' });
    const values = parseReply(infoDict, await ld.getValue(null, null), { udid, what: 'lockdown values' });
    // libideviceactivation idevice_activation_request_new_from_lockdownd: the same fields, same names.
    const out: Record<string, string> = { InStoreActivation: 'false', 'activation-info': toXml(info) };
    if (typeof values.SerialNumber === 'string') out.AppleSerialNumber = values.SerialNumber;
    if (values.TelephonyCapability === true) {
      const telephony: [string, string][] = [['IMEI', 'InternationalMobileEquipmentIdentity'], ['MEID', 'MobileEquipmentIdentifier'], ['IMSI', 'InternationalMobileSubscriberIdentity'], ['ICCID', 'IntegratedCircuitCardIdentity']];
      for (const [field, key] of telephony) if (typeof values[key] === 'string') out[field] = values[key];
    }
    return out;
  });
  const record = recordOf(await postActivationInfo(fields, server));
  if (!record) return;
  await withLockdown(ctx, udid, async (ld) => {
    try {
      await ld.activate(record);
    } catch (e) {
      // libideviceactivation: Activate may report an error although the device did activate.
      const state = await ld.getValue(null, 'ActivationState').catch(() => undefined);
      if (typeof state === 'string' && state !== 'Unactivated') return;
      throw activationRefusedByDevice(udid, e instanceof DeviceError ? (e.chain[0]?.name ?? e.message) : String(e), e);
    }
  });
}

function recordOf(reply: ActivationReply): Record<string, unknown> | null {
  if (reply.kind === 'acknowledged') return null;
  return reply.record;
}

/** One mobileactivationd command on its own connection, as pymobiledevice3 does; `{Error}` → NOT_ACTIVATED. */
async function command(ctx: DeviceContext, udid: string, body: Record<string, unknown>): Promise<unknown> {
  const answer = await withService(ctx, udid, MobileActivation, (svc) => svc.command(body));
  if ('error' in answer) throw activationRefusedByDevice(udid, answer.error, undefined, String(body.Command));
  return answer.value;
}

function activationRefusedByDevice(udid: string, detail: string, cause?: unknown, request?: string): DeviceError {
  return new DeviceError('NOT_ACTIVATED', {
    udid,
    message: `The device refused activation: “${detail}”.`,
    remedy: 'Unplug the device, plug it back in and retry; if it keeps refusing, activate it on the device itself (Setup Assistant over Wi-Fi).',
    chain: [{ source: 'activation', name: request ?? 'Activate', message: detail }],
    cause,
  });
}
