/**
 * Lockdown sessions. `withLockdown` runs one piece of work on a paired session (or, with
 * `handshake: false`, on a plain connection). With the context's connection pool
 * (device-connections.ts) the session, or the plain connection, is the device's pooled one and
 * stays open after the work; without it the connection is opened for the work and closed.
 */
import type { UseRecord } from './connection-pool.js';
import type { DeviceContext } from './context.js';
import { deviceCall } from './context.js';
import { DeviceError } from './errors.js';
import type { DiagnosticsHandle, LockdownHandle, ServiceHandle } from './transport-types.js';

export interface LockdownOptions {
  /** StartSession + TLS with the stored pair record (default true). Without it only public values are readable. */
  handshake?: boolean;
  /**
   * Open a new session even when one is pooled (the pooled one is closed first): the handshake
   * itself is the question, e.g. "does the stored record still work?".
   */
  fresh?: boolean;
  /**
   * With `handshake: false`: the device's pooled paired session, when it has one, serves as well
   * (everything a plain connection may read, a session may too), saving a connection.
   */
  orPooledSession?: boolean;
}

export async function withLockdown<T>(
  ctx: DeviceContext,
  udid: string,
  work: (lockdown: Lockdown) => Promise<T>,
  options: LockdownOptions = {},
): Promise<T> {
  const handshake = options.handshake ?? true;
  const open = () => deviceCall(ctx, udid, () => ctx.transport.lockdown(udid, { handshake, label: ctx.label }));
  const pool = ctx.connections?.lockdown;
  const pooled = handshake || (options.orPooledSession === true && pool?.has(udid) === true);
  if (pooled && pool) {
    const openSession = handshake ? open : () => deviceCall(ctx, udid, () => ctx.transport.lockdown(udid, { handshake: true, label: ctx.label }));
    return pool.use(udid, openSession, (handle, use) => work(new Lockdown(ctx, udid, handle, use)), options.fresh);
  }
  const plain = ctx.connections?.plain;
  if (!handshake && plain) return plain.use(udid, open, (handle, use) => work(new Lockdown(ctx, udid, handle, use)));
  const handle = await open();
  try {
    return await work(new Lockdown(ctx, udid, handle));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Starts a session on `handle`, a plain connection that has just paired, with `hostId` (the
 * HostID of the record usbmuxd now holds), and keeps it as the device's pooled session: the next
 * paired work needs no second usbmuxd Connect, QueryType, GetValue ProductVersion and pair-record
 * read. The protocol allows it: libimobiledevice's lockdownd_client_new_with_handshake pairs and
 * then starts the session on the same client (1.3.0 src/lockdown.c), and pymobiledevice3's
 * `_handle_autopair` pairs, then `validate_pairing` starts the session on the same service
 * (pymobiledevice3/lockdown.py). Call it only inside that connection's withLockdown, after any
 * session kept from before the pairing was dropped. False (the connection stays the caller's, and
 * the next paired work opens a session as usual) without a pool, when one is pooled already, or
 * when the device refused: that next open then reports the failure with its remedy.
 */
export async function keepAsSession(ctx: DeviceContext, udid: string, handle: LockdownHandle, hostId: string): Promise<boolean> {
  const connections = ctx.connections;
  // Only a pooled plain connection, and only while no other plain work is on it (an attach read, an
  // Inspect during a long Trust wait): one opened for the work alone is closed when the work ends.
  if (!connections || !handle.startSession || connections.lockdown.has(udid) || !connections.plain.soleUser(udid, handle)) return false;
  try {
    await deviceCall(ctx, udid, () => handle.startSession!(hostId));
  } catch (e) {
    // Half-way into a session (StartSession answered, TLS failed) it is neither: not kept.
    await connections.plain.drop(udid);
    if (e instanceof DeviceError) return false;
    throw e;
  }
  if (!connections.lockdown.adopt(udid, handle)) {
    // Someone opened a session meanwhile: this one is surplus, and no longer plain.
    connections.plain.disown(udid, handle);
    await handle.close().catch(() => undefined);
    return false;
  }
  connections.plain.disown(udid, handle);
  return true;
}

/** Typed access to one open lockdown connection. */
export class Lockdown {
  constructor(
    private readonly ctx: DeviceContext,
    readonly udid: string,
    readonly handle: LockdownHandle,
    /** Set on a pooled session: records whether it answered (connection-pool.ts). */
    private readonly use?: UseRecord,
  ) {}

  private call<T>(fn: () => Promise<T>): Promise<T> {
    const request = () => deviceCall(this.ctx, this.udid, fn);
    return this.use ? this.use.call(request) : request();
  }

  /**
   * A value as parsed plist (validate it with parseReply before use); undefined when absent.
   * `onlyKeys` (with a null key): only those members of the domain's dict are handed over.
   */
  async getValue(domain: string | null, key: string | null, onlyKeys?: readonly string[]): Promise<unknown> {
    let value: unknown;
    try {
      value = await this.call(() => this.handle.getValue(domain, key, onlyKeys));
    } catch (e) {
      // MissingValue is lockdown's "no such value here" (e.g. IMEI on a Wi-Fi iPad): absent, not a failure.
      if (e instanceof DeviceError && e.chain[0]?.name === 'MISSING_VALUE') return undefined;
      throw e;
    }
    return value === null ? undefined : value;
  }

  setValue(domain: string | null, key: string | null, value: unknown): Promise<void> {
    return this.call(() => this.handle.setValue(domain, key, value));
  }

  /** Lockdown's Activate request: the activation path of devices without mobileactivationd. */
  activate(record: Record<string, unknown>): Promise<void> {
    return this.call(() => this.handle.activate(record));
  }

  startService(name: string, withEscrowBag = false) {
    return this.call(() => this.handle.startService(name, withEscrowBag));
  }

  /** StartService and connect in one call; this session stays open for more. */
  openService(name: string, withEscrowBag = false): Promise<ServiceHandle> {
    return this.call(() => this.handle.openService(name, { withEscrowBag }));
  }

  openDiagnostics(name: string): Promise<DiagnosticsHandle> {
    return this.call(() => this.handle.openDiagnostics(name));
  }
}
