import { acceptRecord, createLegacyActivationInfo } from '../activation-server/device-side.js';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { asDict, asString, type PlistDict } from '../plist-codec.js';
import { INSECURE_NOTIFICATION_PROXY, KNOWN_SERVICES, MOBILE_ACTIVATION } from '../services/registry.js';
import { COMPUTED_KEYS, IMMUTABLE_KEYS, domainValues, setComputedValue } from './values.js';

const fail = (request: string, error: string, extra: PlistDict = {}): PlistDict => ({ Request: request, Error: error, ...extra });

async function publicKeyOf(ctx: CartContext, device: VirtualDevice): Promise<Buffer> {
  return Buffer.from((await ctx.keys.get(device.keyIndex)).publicKeyPem, 'utf8');
}

export async function getValue(device: VirtualDevice, ctx: CartContext, request: PlistDict, inSession: boolean): Promise<PlistDict> {
  const domain = asString(request.Domain) ?? '';
  const key = asString(request.Key);
  const echo: PlistDict = {};
  if (request.Domain !== undefined) echo.Domain = domain;
  if (key !== undefined) echo.Key = key;
  // Made on demand (never in the whole-domain dump): the legacy activation request, in a session
  // (libideviceactivation idevice_activation_request_new_from_lockdownd reads it after the handshake).
  if (domain === '' && key === 'ActivationInfo') {
    if (!inSession || device.activationState !== 'Unactivated') return fail('GetValue', 'MissingValue', echo);
    return { Request: 'GetValue', ...echo, Value: createLegacyActivationInfo(device, ctx.activation) };
  }
  // Only pay for the RSA key when the host actually asks for it.
  const needsKey = domain === '' && (key === undefined || key === 'DevicePublicKey');
  const values = domainValues(device, domain, needsKey ? await publicKeyOf(ctx, device) : null, inSession);
  if (!values) return fail('GetValue', 'MissingValue', echo);
  if (key === undefined) return { Request: 'GetValue', ...echo, Value: values };
  const value = values[key];
  if (value === undefined || value === null) return fail('GetValue', 'MissingValue', echo);
  return { Request: 'GetValue', ...echo, Value: value };
}

export function setValue(device: VirtualDevice, ctx: CartContext, request: PlistDict, inSession: boolean): PlistDict {
  if (!inSession) return fail('SetValue', 'SessionInactive');
  const domain = asString(request.Domain) ?? '';
  const key = asString(request.Key);
  const value = request.Value;
  if (value === undefined) return fail('SetValue', 'MissingValue');
  if (domain === '' && key === 'DeviceName') {
    if (typeof value !== 'string') return fail('SetValue', 'SetProhibited');
    // Supervised devices can forbid renaming by the user (docs/device-protocols.md §5.6).
    if (device.settings.allowDeviceNameModification === false) return fail('SetValue', 'SetProhibited');
    device.name = value.trim();
    ctx.changed();
    return { Request: 'SetValue', Key: key };
  }
  if (domain === '' && key !== undefined && IMMUTABLE_KEYS.has(key)) return fail('SetValue', 'ImmutableValue');
  if (domain === '' && key !== undefined && COMPUTED_KEYS.has(key)) {
    const error = setComputedValue(device, key, value);
    return error ? fail('SetValue', error) : { Request: 'SetValue', Key: key };
  }
  const bucket = device.extraValues.get(domain) ?? {};
  if (key === undefined) {
    const dict = asDict(value);
    if (!dict) return fail('SetValue', 'SetProhibited');
    Object.assign(bucket, dict);
  } else {
    bucket[key] = value;
  }
  device.extraValues.set(domain, bucket);
  ctx.changed();
  return { Request: 'SetValue', ...(key !== undefined ? { Key: key } : {}) };
}

export function removeValue(device: VirtualDevice, request: PlistDict, inSession: boolean): PlistDict {
  if (!inSession) return fail('RemoveValue', 'SessionInactive');
  const domain = asString(request.Domain) ?? '';
  const key = asString(request.Key);
  if (domain === '' && (key === undefined || IMMUTABLE_KEYS.has(key) || key === 'DeviceName')) return fail('RemoveValue', 'RemoveProhibited');
  const bucket = device.extraValues.get(domain);
  if (key === undefined) device.extraValues.delete(domain);
  else if (bucket) delete bucket[key];
  return { Request: 'RemoveValue' };
}

export function startService(device: VirtualDevice, request: PlistDict, inSession: boolean): PlistDict {
  const service = asString(request.Service);
  if (!service) return fail('StartService', 'MissingService');
  // The insecure notification proxy is the one service a host the device does not trust may start:
  // usbmuxd src/preflight.c starts it right after StartSession failed on an unpaired device, to hear
  // com.apple.mobile.lockdown.request_pair when Trust is tapped.
  const needsSession = service !== INSECURE_NOTIFICATION_PROXY;
  if ((needsSession && !inSession) || !KNOWN_SERVICES.has(service)) return fail('StartService', 'InvalidService', { Service: service });
  if (service === MOBILE_ACTIVATION && !hasMobileActivation(device)) return fail('StartService', 'InvalidService', { Service: service });
  // Profiles and supervision need an unlocked device (§4.8).
  if (service === 'com.apple.mobile.MCInstall' && device.locked) return fail('StartService', 'PasswordProtected', { Service: service });
  const port = device.allocateServicePort(service);
  return { Request: 'StartService', Service: service, Port: port, EnableServiceSSL: false };
}

export function activate(device: VirtualDevice, ctx: CartContext, request: PlistDict, inSession: boolean): PlistDict {
  if (!inSession) return fail('Activate', 'SessionInactive');
  const record = asDict(request.ActivationRecord);
  if (!record) return fail('Activate', 'MissingActivationRecord');
  // Only a record the activation server signed for this device's last ActivationInfo (lockdownd_activate: INVALID_ACTIVATION_RECORD).
  if (acceptRecord(device, ctx.activation, record) !== null) return fail('Activate', 'InvalidActivationRecord');
  ctx.changed();
  return { Request: 'Activate' };
}

export function deactivate(device: VirtualDevice, ctx: CartContext, inSession: boolean): PlistDict {
  if (!inSession) return fail('Deactivate', 'SessionInactive');
  device.activationState = 'Unactivated';
  ctx.changed();
  return { Request: 'Deactivate' };
}

/** mobileactivationd came with iOS 9.3 (libimobiledevice issue #332); older devices activate through lockdown. */
function hasMobileActivation(device: VirtualDevice): boolean {
  const [major = 0, minor = 0] = device.productVersion.split('.').map(Number);
  return major > 9 || (major === 9 && minor >= 3);
}
