import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../../electron/device/errors.js';
import { fromMcInstallReply, fromTransportError } from '../../../electron/device/error-map.js';
import { TransportError } from '../../../electron/device/transport-types.js';

const lockdown = (name: string, code: number) => new TransportError('lockdown', name, code, 'lockdownd_pair');

describe('fromTransportError', () => {
  it.each([
    ['PAIRING_DIALOG_RESPONSE_PENDING', -19, 'TRUST_PENDING'],
    ['USER_DENIED_PAIRING', -18, 'USER_DENIED'],
    ['PASSWORD_PROTECTED', -17, 'PASSCODE_LOCKED'],
    ['INVALID_HOST_ID', -21, 'NOT_PAIRED'],
    ['MC_CHALLENGE_REQUIRED', -39, 'SUPERVISOR_CHALLENGE'],
    ['MUX_ERROR', -8, 'DEVICE_GONE'],
    ['RECEIVE_TIMEOUT', -7, 'TIMEOUT'],
    ['PLIST_ERROR', -3, 'PROTOCOL'],
    ['SET_PROHIBITED', -14, 'DEVICE_REFUSED'],
  ])('lockdown %s → %s', (name, code, expected) => {
    const e = fromTransportError(lockdown(name, code), 'U1');
    expect(e).toBeInstanceOf(DeviceError);
    expect(e.code).toBe(expected);
    expect(e.udid).toBe('U1');
    expect(e.chain[0]).toMatchObject({ source: 'lockdown', code, name });
    expect(e.message.length).toBeGreaterThan(10);
    expect(e.remedy.length).toBeGreaterThan(10);
  });

  it('keeps the library code in the chain and the transport error as cause', () => {
    const t = new TransportError('service', 'NOT_ENOUGH_DATA', -6, 'property_list_service_receive');
    const e = fromTransportError(t);
    expect(e.code).toBe('PROTOCOL');
    expect(e.cause).toBe(t);
    expect(e.describe()).toContain('NOT_ENOUGH_DATA');
  });

  it('tells usbmuxd being down from a device being gone', () => {
    expect(fromTransportError(new TransportError('usbmuxd', 'UNREACHABLE', -1, 'usbmuxd_get_device_list')).code).toBe('USBMUXD_UNAVAILABLE');
    expect(fromTransportError(new TransportError('idevice', 'NO_DEVICE', -3, 'idevice_new')).code).toBe('DEVICE_GONE');
    expect(fromTransportError(new TransportError('cartwright', 'NO_PAIR_RECORD', -2, 'usbmuxd_read_pair_record')).code).toBe('NOT_PAIRED');
  });

  it('takes a handle the pool closed under a caller for a transient failure (retried), not a bug', () => {
    const e = fromTransportError(new TransportError('cartwright', 'HANDLE_CLOSED', -1, 'lockdownd_get_value'), 'U1');
    expect(e).toMatchObject({ code: 'PROTOCOL', udid: 'U1' });
    expect(e.message).toMatch(/closed while the station was using it/);
  });

  it('wraps unknown throwables as INTERNAL and passes DeviceErrors through', () => {
    expect(fromTransportError(new Error('boom')).code).toBe('INTERNAL');
    const d = new DeviceError('TIMEOUT');
    expect(fromTransportError(d, 'U2').udid).toBe('U2');
  });
});

describe('fromMcInstallReply', () => {
  const chain = (ErrorCode: number, ErrorDomain: string) => ({ Status: 'Error', ErrorChain: [{ ErrorCode, ErrorDomain, LocalizedDescription: 'device text' }] });

  it.each([
    [14002, 'DMCTunnelErrorDomain', 'CLOUD_CONFIG_PRESENT'],
    [33003, 'MCCloudConfigErrorDomain', 'NOT_ACTIVATED'],
    [33004, 'MCCloudConfigErrorDomain', 'ADE_ASSIGNED'],
    // Unconfirmed by any public source: the request's generic code, the device's words kept.
    [12005, 'MDMErrorDomain', 'DEVICE_REFUSED'],
    // A confirmed number in another domain is another error.
    [14002, 'MCProfileErrorDomain', 'DEVICE_REFUSED'],
  ])('ErrorCode %i → %s', (code, domain, expected) => {
    const e = fromMcInstallReply(chain(code, domain), 'SetCloudConfiguration', 'DEVICE_REFUSED', 'U');
    expect(e.code).toBe(expected);
    expect(e.chain[0]).toMatchObject({ source: 'mcinstall', code, domain, message: 'device text' });
  });

  it('uses the request fallback and quotes the device for unknown codes', () => {
    const e = fromMcInstallReply(chain(1000, 'MCProfileErrorDomain'), 'InstallProfile', 'PROFILE_REJECTED');
    expect(e.code).toBe('PROFILE_REJECTED');
    expect(e.message).toContain('device text');
  });

  it('maps escalation statuses', () => {
    expect(fromMcInstallReply({ Status: 'CertificateRejected' }, 'Escalate', 'NOT_SUPERVISED').code).toBe('NOT_SUPERVISED');
    expect(fromMcInstallReply({ Status: 'SignedRequestRejected' }, 'EscalateResponse', 'ESCALATION_REJECTED').code).toBe('ESCALATION_REJECTED');
    expect(fromMcInstallReply({ Status: 'CommandFormatError' }, 'StoreProfile', 'PROFILE_REJECTED').code).toBe('PROTOCOL');
  });
});
