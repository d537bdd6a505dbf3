/**
 * The whole surface of `cartwright_native` (native/build/Release/cartwright_native.node).
 * Loaded only by electron/device/transport.ts; everything else depends on its TypeScript seam.
 *
 * Conventions:
 * - Every function that talks to usbmuxd or a device returns a Promise (AsyncWorker off the JS thread).
 * - Property lists cross the boundary as JS values, in both directions (native/src/plist_js.h):
 *   dict ↔ plain object, array ↔ array, string, integer/real ↔ number (bigint also sent as
 *   integer), bool, date ↔ Date, data ↔ Buffer; undefined and null members are not sent.
 * - Failures reject with a {@link NativeError}; `domain` + `codeName` are stable.
 * - Handles are serialised per handle and may be used from concurrent code; `close()` is idempotent,
 *   and a call on a closed handle rejects with domain "cartwright", codeName "HANDLE_CLOSED".
 */

/** A property-list value as the addon hands it over (unvalidated: parse it before use). */
export type PlistValue = unknown;
/** A property-list dict to send. */
export type PlistDict = Record<string, unknown>;

export type NativeErrorDomain = 'idevice' | 'lockdown' | 'service' | 'diagnostics' | 'usbmuxd' | 'cartwright';

export interface NativeError extends Error {
  native: true;
  domain: NativeErrorDomain;
  /** The library's numeric code (lockdownd_error_t, property_list_service_error_t, negative errno…). */
  code: number;
  /** Stable name of `code`, e.g. PAIRING_DIALOG_RESPONSE_PENDING, RECEIVE_TIMEOUT, UNREACHABLE, NO_PAIR_RECORD. */
  codeName: string;
  /** The C call that failed. */
  op: string;
  /** For lockdown Pair failures: the device's reply (Error, ExtendedResponse…). */
  response?: PlistValue;
}

export type ConnectionType = 'usb' | 'network';

export interface MuxDevice {
  udid: string;
  /** usbmuxd DeviceID; changes on every attach. */
  handle: number;
  productId: number;
  connectionType: ConnectionType;
}

export interface DeviceEvent extends MuxDevice {
  type: 'add' | 'remove' | 'paired';
}

export interface ServiceDescriptor {
  port: number;
  sslEnabled: boolean;
}

/** lockdownd_pair_record: PEM texts and IDs; private keys never go to the device. */
export interface NativePairRecord {
  deviceCertificate: string;
  hostCertificate: string;
  rootCertificate: string;
  hostId: string;
  systemBuid: string;
}

export interface LockdownConnectOptions {
  /** QueryType + ProductVersion + StartSession (+TLS) with the usbmuxd pair record. */
  handshake: boolean;
  label: string;
  /**
   * With the handshake: fail with codeName NO_PAIR_RECORD instead of letting libimobiledevice
   * auto-pair with fresh keys when usbmuxd has no record. Default true.
   */
  requirePairRecord?: boolean;
}

export declare class LockdownClient {
  private constructor();
  readonly udid: string;
  /**
   * null domain/key = default domain / whole domain. Resolves the Value, or null when absent.
   * `onlyKeys` with a null key: the whole domain is read in one request, but only those members
   * (the ones present) are converted and resolved, as a dict.
   */
  getValue(domain: string | null, key: string | null, onlyKeys?: readonly string[]): Promise<PlistValue | null>;
  /** `value` is any plist value (not null or undefined). Needs a session. */
  setValue(domain: string | null, key: string | null, value: unknown): Promise<void>;
  removeValue(domain: string | null, key: string | null): Promise<void>;
  queryType(): Promise<string | null>;
  startService(name: string, withEscrowBag?: boolean): Promise<ServiceDescriptor>;
  /**
   * StartService, then connect to the port on this client's own idevice_t (TLS when the device
   * asks for it). The lockdown session stays open and usable for further requests.
   */
  openService(name: string, options: { withEscrowBag?: boolean; client: 'diagnostics' }): Promise<DiagnosticsRelay>;
  openService(name: string, options?: { withEscrowBag?: boolean; client?: 'plist' }): Promise<ServiceClient>;
  /**
   * Pair. With a record: sends it as is and saves nothing (the caller saves the record to usbmuxd).
   * With null: libimobiledevice generates keys and saves them itself (not used by the station).
   * `options` is the PairingOptions dict. Resolves the device's reply.
   */
  pair(record: NativePairRecord | null, options: PlistDict | null): Promise<PlistValue | null>;
  validatePair(record: NativePairRecord | null): Promise<void>;
  unpair(record: NativePairRecord | null): Promise<void>;
  /** lockdownd_activate: the Activate request with `record` as ActivationRecord. Needs a session. */
  activate(record: PlistDict): Promise<void>;
  /**
   * StartSession + TLS on this plain connection with `hostId` (the HostID of the record usbmuxd
   * holds): the connection that paired becomes the paired session, as
   * lockdownd_client_new_with_handshake continues after its own Pair. Reads ProductVersion first
   * when the device's is not known yet. Only where `canStartSessionOnPlainConnection` is true;
   * elsewhere it rejects (lockdown UNKNOWN_ERROR).
   */
  startSession(hostId: string): Promise<void>;
  /** lockdownd_client_free: StopSession if a session is active, then close. */
  close(): Promise<void>;
}

export declare class ServiceClient {
  private constructor();
  /** Sends `message` as an XML plist, or a binary one when `binary`. */
  send(message: PlistDict, binary?: boolean): Promise<void>;
  /** Rejects with service RECEIVE_TIMEOUT when nothing arrived within `timeoutMs` (default 30000). */
  receive(timeoutMs?: number): Promise<PlistValue>;
  /**
   * send() then receive(timeoutMs) as one pool job. A failure's `op` names the half that failed
   * (property_list_service_send or _receive); after a receive timeout the message was sent.
   */
  request(message: PlistDict, binary?: boolean, timeoutMs?: number): Promise<PlistValue>;
  /**
   * Reads every message the service sends unprompted (notification_proxy's RelayNotification) on
   * a thread of the addon's own, not libuv's pool, and calls `onMessage(message, null)` for each;
   * a failure (the device went away) is delivered once as `onMessage(null, error)` and ends it.
   * It stops on close(). Once per handle; receive() and request() wait while it listens.
   */
  listen(onMessage: (message: PlistValue | null, error: NativeError | null) => void): void;
  close(): Promise<void>;
}

export declare class DiagnosticsRelay {
  private constructor();
  /** Resolves the `Diagnostics` dict (IORegistry inside), or null. */
  ioregistryEntry(name: string | null, entryClass: string | null): Promise<PlistValue | null>;
  /** flags: WAIT_FOR_DISCONNECT = 2, DISPLAY_PASS = 4, DISPLAY_FAIL = 8. */
  restart(flags: number): Promise<void>;
  shutdown(flags: number): Promise<void>;
  sleep(): Promise<void>;
  /** Goodbye (best effort) and free. */
  close(): Promise<void>;
}

/** usbmuxd ListDevices through libusbmuxd. */
export declare function listDevices(): Promise<MuxDevice[]>;
export declare function readBuid(): Promise<string | null>;
/** The stored record bytes (binary or XML plist), or null when usbmuxd has none. */
export declare function readPairRecord(udid: string): Promise<Buffer | null>;
/** deviceId > 0 makes usbmuxd announce Paired to listeners. */
export declare function savePairRecord(udid: string, deviceId: number, data: Buffer): Promise<void>;
export declare function deletePairRecord(udid: string): Promise<void>;

/**
 * One subscription per process. The callback runs on the JS thread; events are copied on
 * libusbmuxd's thread and queued. Turns inotify off for a custom UNIX: socket address.
 * Does not keep the process alive.
 */
export declare function subscribeEvents(callback: (event: DeviceEvent) => void): void;
/** Resolves once libusbmuxd will deliver no more events (synthetic removes may arrive first). */
export declare function unsubscribeEvents(): Promise<void>;

export declare function lockdownConnect(udid: string, options: LockdownConnectOptions): Promise<LockdownClient>;
export declare function serviceConnect(udid: string, service: ServiceDescriptor): Promise<ServiceClient>;
export declare function diagnosticsConnect(udid: string, service: ServiceDescriptor): Promise<DiagnosticsRelay>;

export declare function setUseInotify(enabled: boolean): void;
export declare function setDebugLevel(level: number): void;
/**
 * Whether LockdownClient.startSession works in this build: it needs libimobiledevice's private
 * layout, known for 1.3 and 1.4 (binding.gyp checks the version with pkg-config).
 */
export declare const canStartSessionOnPlainConnection: boolean;
/** Name of a library error code, e.g. errorName('lockdown', -19) → "PAIRING_DIALOG_RESPONSE_PENDING". */
export declare function errorName(domain: NativeErrorDomain, code: number): string;
