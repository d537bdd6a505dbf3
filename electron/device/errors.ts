/**
 * The one error type of the device layer. `code` is stable (the staging engine branches on it),
 * `message` is a sentence a technician at the cart can act on, `remedy` says what to do, and
 * `chain` keeps what the device and the libraries actually said, most specific first.
 */
export const DEVICE_ERROR_CODES = [
  'TRUST_PENDING',
  'USER_DENIED',
  'PASSCODE_LOCKED',
  'NOT_PAIRED',
  'DEVICE_GONE',
  'TIMEOUT',
  'CLOUD_CONFIG_PRESENT',
  'NOT_ACTIVATED',
  'ACTIVATION_LOCKED',
  'ACTIVATION_SERVER_UNREACHABLE',
  'ADE_ASSIGNED',
  'NOT_SUPERVISED',
  'SUPERVISOR_CHALLENGE',
  'ESCALATION_REJECTED',
  'PROFILE_REJECTED',
  'PAIRING_PROHIBITED',
  'DEVICE_REFUSED',
  'PROTOCOL',
  'USBMUXD_UNAVAILABLE',
  'ADDON_MISSING',
  'INTERNAL',
] as const;

export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number];

/** One link of what went wrong underneath: a library code, a lockdown Error string, an MCInstall ErrorChain item. */
export interface DeviceErrorCause {
  source: 'usbmuxd' | 'idevice' | 'lockdown' | 'service' | 'diagnostics' | 'mcinstall' | 'activation' | 'station';
  code?: number | string;
  name?: string;
  domain?: string;
  message?: string;
}

export interface DeviceErrorOptions {
  udid?: string | undefined;
  /** Overrides the default sentence for the code. */
  message?: string;
  remedy?: string;
  chain?: DeviceErrorCause[];
  cause?: unknown;
  /** The device's raw reply, for logs (never shown to the technician). */
  reply?: unknown;
}

const DEFAULTS: Record<DeviceErrorCode, { message: string; remedy: string }> = {
  TRUST_PENDING: { message: 'The device is showing “Trust This Computer?”.', remedy: 'Tap Trust on the device, then enter its passcode if asked.' },
  USER_DENIED: { message: 'Someone tapped “Don’t Trust” on the device.', remedy: 'Unplug and replug the device, then tap Trust.' },
  PASSCODE_LOCKED: { message: 'The device is locked with a passcode, so it cannot show the Trust dialog.', remedy: 'Unlock the device with its passcode, then retry.' },
  NOT_PAIRED: { message: 'The device is not paired with this station (or forgot the pairing after an erase).', remedy: 'Pair the device again; it will ask to Trust this station.' },
  DEVICE_GONE: { message: 'The device disconnected during the operation.', remedy: 'Check the cable and the cart port, replug the device and retry.' },
  TIMEOUT: { message: 'The device did not answer in time.', remedy: 'Wait for the device to finish starting up, then retry; replug it if it stays silent.' },
  CLOUD_CONFIG_PRESENT: { message: 'The device already has a cloud configuration (it was prepared before).', remedy: 'Erase the device, activate it, then prepare it again.' },
  NOT_ACTIVATED: { message: 'The device is not activated yet.', remedy: 'Connect the device to Wi-Fi or activate it, then retry.' },
  ACTIVATION_LOCKED: { message: 'Activation Lock is on: the device is linked to someone’s Apple Account.', remedy: 'Have the owner remove it from their Apple Account (Find My), or release it from your MDM or Apple Business Manager, then retry.' },
  ACTIVATION_SERVER_UNREACHABLE: { message: 'The station cannot reach Apple’s activation server.', remedy: 'Let the station reach albert.apple.com over HTTPS (port 443; check the proxy and firewall), then retry.' },
  ADE_ASSIGNED: { message: 'The device is assigned to an MDM server through Automated Device Enrollment.', remedy: 'Release it in Apple Business/School Manager or let Setup Assistant enroll it via ADE.' },
  NOT_SUPERVISED: { message: 'The device is not supervised by this station’s supervision identity.', remedy: 'Erase and prepare (supervise) the device with this station first.' },
  SUPERVISOR_CHALLENGE: { message: 'The supervised device only pairs with its supervisor’s identity.', remedy: 'Pair using the supervision identity of the organization that supervises it.' },
  ESCALATION_REJECTED: { message: 'The device rejected the supervision identity’s signature.', remedy: 'Check that the station uses the same supervision identity the device was prepared with.' },
  PROFILE_REJECTED: { message: 'The device rejected the configuration profile.', remedy: 'Check the profile in the profile editor (format, signature, payloads) and retry.' },
  PAIRING_PROHIBITED: { message: 'The device does not allow pairing with this station (restriction or Find My).', remedy: 'Remove the restriction or Activation Lock with its owner or MDM, then retry.' },
  DEVICE_REFUSED: { message: 'The device refused the request.', remedy: 'Check the device state in the details below and retry.' },
  PROTOCOL: { message: 'The device sent a reply the station could not understand.', remedy: 'Retry; if it persists, replug the device and report the details below.' },
  USBMUXD_UNAVAILABLE: { message: 'The USB multiplexing service (usbmuxd) is not reachable, so no device can be seen.', remedy: 'Start usbmuxd (Linux: systemctl start usbmuxd; Windows: install Apple Mobile Device Support) and retry.' },
  ADDON_MISSING: { message: 'The station’s native device module is not built.', remedy: 'Install the libimobiledevice development packages, then run: npm run build:native' },
  INTERNAL: { message: 'The station hit an unexpected error talking to the device.', remedy: 'Retry; if it persists, report the details below.' },
};

export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  readonly code: DeviceErrorCode;
  readonly udid: string | undefined;
  readonly remedy: string;
  readonly chain: DeviceErrorCause[];
  readonly reply: unknown;

  constructor(code: DeviceErrorCode, options: DeviceErrorOptions = {}) {
    const d = DEFAULTS[code];
    super(options.message ?? d.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.udid = options.udid;
    this.remedy = options.remedy ?? d.remedy;
    this.chain = options.chain ?? [];
    this.reply = options.reply;
  }

  /** The full text for a log line or a details pane. */
  describe(): string {
    const links = this.chain.map((c) => [c.source, c.domain, c.name ?? c.code, c.message].filter((x) => x !== undefined && x !== '').join(' '));
    return `${this.code}${this.udid ? ` [${this.udid}]` : ''}: ${this.message} ${this.remedy}${links.length ? ` (${links.join(' ← ')})` : ''}`;
  }

  withUdid(udid: string): DeviceError {
    if (this.udid) return this;
    return new DeviceError(this.code, { udid, message: this.message, remedy: this.remedy, chain: this.chain, cause: this.cause, reply: this.reply });
  }
}

export function isDeviceError(e: unknown, code?: DeviceErrorCode): e is DeviceError {
  return e instanceof DeviceError && (code === undefined || e.code === code);
}

export function defaultMessage(code: DeviceErrorCode): { message: string; remedy: string } {
  return DEFAULTS[code];
}
