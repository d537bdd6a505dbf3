/**
 * The seam between the device layer and libimobiledevice. transport.ts implements it over the
 * native addon; tests and the staging engine may pass any other implementation (a fake that
 * replays frames). Property lists cross it as JS values, as they cross the addon: dicts as plain
 * objects, <data> as Buffer, <date> as Date, integers and reals as numbers. What comes from a
 * device is unvalidated: parse it with parseReply(schema) before reading it.
 */
/** A plist value from the device, not yet validated. */
export type PlistValue = unknown;
/** A plist dict to send. */
export type PlistDict = Record<string, unknown>;

export interface MuxDevice {
  udid: string;
  /** usbmuxd DeviceID: changes on every attach. */
  handle: number;
  productId: number;
  connectionType: 'usb' | 'network';
}

export interface MuxEvent extends MuxDevice {
  type: 'add' | 'remove' | 'paired';
}

export interface ServiceDescriptor {
  port: number;
  sslEnabled: boolean;
}

/** What goes to the device in Pair/ValidatePair/Unpair (no private keys). */
export interface PairRecordCertificates {
  deviceCertificate: string;
  hostCertificate: string;
  rootCertificate: string;
  hostId: string;
  systemBuid: string;
}

export interface LockdownHandle {
  /**
   * null when the device has no such value. `onlyKeys` with a null key: the whole domain in one
   * request, but only those members are handed over (big dictionaries cost JS-thread time).
   */
  getValue(domain: string | null, key: string | null, onlyKeys?: readonly string[]): Promise<PlistValue | null>;
  setValue(domain: string | null, key: string | null, value: unknown): Promise<void>;
  removeValue(domain: string | null, key: string | null): Promise<void>;
  queryType(): Promise<string | null>;
  startService(name: string, withEscrowBag?: boolean): Promise<ServiceDescriptor>;
  /** StartService and connect to it in one call, on this connection's device (the session stays usable). */
  openService(name: string, options?: { withEscrowBag?: boolean }): Promise<ServiceHandle>;
  /** The same for com.apple.mobile.diagnostics_relay, through libimobiledevice's own client. */
  openDiagnostics(name: string): Promise<DiagnosticsHandle>;
  pair(record: PairRecordCertificates | null, options: PlistDict | null): Promise<PlistValue | null>;
  validatePair(record: PairRecordCertificates | null): Promise<void>;
  unpair(record: PairRecordCertificates | null): Promise<void>;
  /** Lockdown's Activate request (devices without mobileactivationd). Needs a session. */
  activate(record: PlistDict): Promise<void>;
  /**
   * StartSession + TLS on this plain connection, with the HostID of the record usbmuxd holds:
   * the connection that paired becomes the paired session (lockdown.ts keepAsSession). Optional:
   * without it the session is opened on a new connection.
   */
  startSession?(hostId: string): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceHandle {
  send(message: PlistDict, binary?: boolean): Promise<void>;
  receive(timeoutMs?: number): Promise<PlistValue>;
  /**
   * send() then receive(timeoutMs) in one call, where the transport can (the addon: one pool job).
   * A failure says which half failed in its `op`; after a receive timeout the message was sent.
   */
  request?(message: PlistDict, binary: boolean, timeoutMs: number): Promise<PlistValue>;
  /**
   * Messages the service sends unprompted (notification_proxy), each as it arrives, read off
   * the addon's call threads (a listener thread of its own). A failure comes once, as `error`, and ends it; close()
   * stops it. Optional: without it a caller polls instead.
   */
  listen?(onMessage: (message: PlistValue | null, error: TransportError | null) => void): void;
  close(): Promise<void>;
}

export interface DiagnosticsHandle {
  ioregistryEntry(name: string | null, entryClass: string | null): Promise<PlistValue | null>;
  restart(flags: number): Promise<void>;
  shutdown(flags: number): Promise<void>;
  sleep(): Promise<void>;
  close(): Promise<void>;
}

export interface DeviceTransport {
  /** USB entries only (usb-only.ts): the Wi-Fi twin of a UDID is not a cart device. */
  listDevices(): Promise<MuxDevice[]>;
  readBuid(): Promise<string | null>;
  readPairRecord(udid: string): Promise<Buffer | null>;
  savePairRecord(udid: string, deviceId: number, data: Buffer): Promise<void>;
  deletePairRecord(udid: string): Promise<void>;
  /** One subscriber per transport; the watcher fans out. USB events only, as listDevices. */
  subscribe(listener: (event: MuxEvent) => void): void;
  unsubscribe(): Promise<void>;
  lockdown(udid: string, options: { handshake: boolean; label: string }): Promise<LockdownHandle>;
  service(udid: string, service: ServiceDescriptor): Promise<ServiceHandle>;
  diagnostics(udid: string, service: ServiceDescriptor): Promise<DiagnosticsHandle>;
}

/**
 * A failure below the device layer, as data: which library layer (`domain`), its numeric code
 * and stable name. error-map.ts turns it into a DeviceError.
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly domain: 'idevice' | 'lockdown' | 'service' | 'diagnostics' | 'usbmuxd' | 'cartwright',
    readonly codeName: string,
    readonly code: number,
    readonly op: string,
    /** The device's reply that came with the failure (lockdown Pair), unvalidated. */
    readonly response?: PlistValue,
  ) {
    super(`${op}: ${domain} ${codeName} (${code})`);
  }
}
