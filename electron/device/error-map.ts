/**
 * Library and device failures → DeviceError. Pure: unit-tested without a device.
 * Lockdown error names follow lockdownd_error_t (device-protocols.md §3.13); MCInstall codes
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

const MC_CODES: Record<number, DeviceErrorCode> = {
  14002: 'CLOUD_CONFIG_PRESENT',
  33003: 'NOT_ACTIVATED',
  33004: 'ADE_ASSIGNED',
  12005: 'NOT_SUPERVISED',
};

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
    const mapped = i.ErrorCode === undefined ? undefined : MC_CODES[i.ErrorCode];
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
