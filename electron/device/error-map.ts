/**
 * Library and device failures → DeviceError. Pure: unit-tested without a device.
 * Lockdown error names follow lockdownd_error_t (docs/device-protocols.md §3.13); MCInstall codes
 * follow §4.6/§4.8.
 */
import { DeviceError, type DeviceErrorCause, type DeviceErrorCode } from './errors.js';
import { TransportError } from './transport-types.js';

const LOCKDOWN: Record<string, DeviceErrorCode> = {
  PAIRING_DIALOG_RESPONSE_PENDING: 'TRUST_PENDING',
  USER_DENIED_PAIRING: 'USER_DENIED',
  PASSWORD_PROTECTED: 'PASSCODE_LOCKED',
  INVALID_HOST_ID: 'NOT_PAIRED',
  MISSING_HOST_ID: 'NOT_PAIRED',
  INVALID_CONF: 'NOT_PAIRED',
  MISSING_PAIR_RECORD: 'NOT_PAIRED',
  INVALID_PAIR_RECORD: 'NOT_PAIRED',
  MC_CHALLENGE_REQUIRED: 'SUPERVISOR_CHALLENGE',
  MC_PROTECTED: 'PAIRING_PROHIBITED',
  FMIP_PROTECTED: 'PAIRING_PROHIBITED',
  PAIRING_PROHIBITED_OVER_THIS_CONNECTION: 'PAIRING_PROHIBITED',
  ESCROW_LOCKED: 'PASSCODE_LOCKED',
  MUX_ERROR: 'DEVICE_GONE',
  RECEIVE_TIMEOUT: 'TIMEOUT',
  PLIST_ERROR: 'PROTOCOL',
  DICT_ERROR: 'PROTOCOL',
  INVALID_RESPONSE: 'PROTOCOL',
  // TLS failing right after StartSession: the record's keys no longer match what the device knows
  // (or the connection was cut mid-handshake). Either way the session could not be trusted.
  SSL_ERROR: 'PROTOCOL',
  UNKNOWN_ERROR: 'PROTOCOL',
};

const SERVICE: Record<string, DeviceErrorCode> = {
  MUX_ERROR: 'DEVICE_GONE',
  RECEIVE_TIMEOUT: 'TIMEOUT',
  PLIST_ERROR: 'PROTOCOL',
  NOT_ENOUGH_DATA: 'PROTOCOL',
  SSL_ERROR: 'PROTOCOL',
  UNKNOWN_ERROR: 'PROTOCOL',
};

/** Maps a TransportError (or anything thrown below the device layer). */
export function fromTransportError(e: unknown, udid?: string): DeviceError {
  if (e instanceof DeviceError) return udid ? e.withUdid(udid) : e;
  if (!(e instanceof TransportError)) {
    return new DeviceError('INTERNAL', { udid, cause: e, chain: [{ source: 'station', message: e instanceof Error ? e.message : String(e) }] });
  }
  const cause: DeviceErrorCause = { source: e.domain === 'cartwright' ? 'station' : e.domain, code: e.code, name: e.codeName, message: e.op };
  const opts = { udid, chain: [cause], cause: e };
  switch (e.domain) {
    case 'usbmuxd':
      if (e.codeName === 'UNREACHABLE' || e.codeName === 'ECONNREFUSED') return new DeviceError('USBMUXD_UNAVAILABLE', opts);
      if (e.codeName === 'ENODEV') return new DeviceError('DEVICE_GONE', opts);
      return new DeviceError('PROTOCOL', opts);
    case 'idevice':
      if (e.codeName === 'NO_DEVICE') return new DeviceError('DEVICE_GONE', { ...opts, message: 'The device is not connected (usbmuxd does not list it).' });
      if (e.codeName === 'TIMEOUT') return new DeviceError('TIMEOUT', opts);
      // 1.3.0 reports every failed usbmux Connect as UNKNOWN_ERROR (§2.5): port closed or device gone.
      if (e.codeName === 'UNKNOWN_ERROR') return new DeviceError('DEVICE_GONE', opts);
      return new DeviceError('PROTOCOL', opts);
    case 'lockdown':
      return new DeviceError(LOCKDOWN[e.codeName] ?? 'DEVICE_REFUSED', {
        ...opts,
        ...(LOCKDOWN[e.codeName] ? {} : { message: `The device refused the request (${e.codeName}).` }),
      });
    case 'service':
      return new DeviceError(SERVICE[e.codeName] ?? 'PROTOCOL', opts);
    case 'diagnostics':
      if (e.codeName === 'MUX_ERROR') return new DeviceError('DEVICE_GONE', opts);
      if (e.codeName === 'UNKNOWN_REQUEST') return new DeviceError('DEVICE_REFUSED', opts);
      return new DeviceError('PROTOCOL', opts);
    case 'cartwright':
      if (e.codeName === 'NO_PAIR_RECORD') return new DeviceError('NOT_PAIRED', { ...opts, message: 'The station has no pairing record for this device.' });
      // The pool closes a connection that broke (or whose device left) while another caller still
      // holds it (connection-pool.ts): that caller's next call finds the handle closed. Transient, so
      // retried; if the device really left, the runner's abort turns it into DEVICE_GONE.
      if (e.codeName === 'HANDLE_CLOSED') return new DeviceError('PROTOCOL', { ...opts, message: 'The connection to the device closed while the station was using it.' });
      return new DeviceError('INTERNAL', opts);
  }
}

/** One MCInstall ErrorChain item as the device sends it (§4.1). */
export interface McErrorItem {
  ErrorCode?: number | undefined;
  ErrorDomain?: string | undefined;
  LocalizedDescription?: string | undefined;
  USEnglishDescription?: string | undefined;
}

/**
 * ErrorChain codes the station branches on, each with the public source that confirms it. A code
 * no public source confirms is not branched on: it takes the request's generic code (usually
 * DEVICE_REFUSED) and the device's own description stays in the message and the chain.
 * Unconfirmed and therefore deliberately absent: MDMErrorDomain 12005 (only this project's
 * emulator used it, for a refused Settings item).
 */
const MC_CODES: readonly { code: number; domain: string; maps: DeviceErrorCode; source: string }[] = [
  // pymobiledevice3 services/mobile_config.py ERROR_CLOUD_CONFIGURATION_ALREADY_PRESENT.
  { code: 14002, domain: 'DMCTunnelErrorDomain', maps: 'CLOUD_CONFIG_PRESENT', source: 'pymobiledevice3' },
  // Decompiled ManagedConfiguration MCCloudConfigurationWriter _verifyActivationState (public iOS dumps).
  { code: 33003, domain: 'MCCloudConfigErrorDomain', maps: 'NOT_ACTIVATED', source: 'decompiled MCCloudConfigurationWriter' },
  // Same writer, _verifyCloudConfigSourceWithDetails; also seen on real devices in public write-ups.
  { code: 33004, domain: 'MCCloudConfigErrorDomain', maps: 'ADE_ASSIGNED', source: 'decompiled MCCloudConfigurationWriter' },
];

function mappedCode(item: McErrorItem): DeviceErrorCode | undefined {
  if (item.ErrorCode === undefined) return undefined;
  // A device that omits the domain still means the code; a different domain is a different error.
  return MC_CODES.find((c) => c.code === item.ErrorCode && (item.ErrorDomain === undefined || item.ErrorDomain === c.domain))?.maps;
}

/**
 * An MCInstall reply whose Status is not Acknowledged. `fallback` is the code for the request
 * (e.g. PROFILE_REJECTED for InstallProfile) when nothing more specific is known.
 */
export function fromMcInstallReply(
  reply: { Status: string; ErrorChain?: McErrorItem[] | undefined },
  request: string,
  fallback: DeviceErrorCode,
  udid?: string,
): DeviceError {
  const chain: DeviceErrorCause[] = (reply.ErrorChain ?? []).map((i) => ({
    source: 'mcinstall',
    code: i.ErrorCode,
    domain: i.ErrorDomain,
    message: i.USEnglishDescription ?? i.LocalizedDescription,
  }));
  chain.push({ source: 'mcinstall', name: reply.Status, message: request });
  let code: DeviceErrorCode = fallback;
  for (const i of reply.ErrorChain ?? []) {
    const mapped = mappedCode(i);
    if (mapped) {
      code = mapped;
      break;
    }
  }
  if (reply.Status === 'CertificateRejected') code = 'NOT_SUPERVISED';
  if (reply.Status === 'SignedRequestRejected') code = 'ESCALATION_REJECTED';
  if (reply.Status === 'CommandFormatError') code = 'PROTOCOL';
  const first = reply.ErrorChain?.[0];
  const deviceText = first?.USEnglishDescription ?? first?.LocalizedDescription;
  const base = new DeviceError(code);
  const message = code === fallback && deviceText ? `${base.message} The device said: “${deviceText}”` : base.message;
  return new DeviceError(code, { udid, message, chain, reply });
}
