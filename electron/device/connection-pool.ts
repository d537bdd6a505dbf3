/**
 * Connections kept open per device between operations: the paired lockdown session, the plain
 * (session-less) lockdown connection, and the service connections whose clients say they may be
 * shared (`reusable`). A staging job used to
 * open a fresh lockdown session, with its TLS handshake, for every read and every StartService
 * (about twenty per device per job); with the pool it opens one and reuses it until the device
 * detaches, the pairing changes, or the session sits idle.
 *
 * The protocol allows it: a lockdown session stays usable after StartService and serves any
 * number of requests and StartServices (pymobiledevice3 lockdown.py keeps one LockdownClient per
 * device and calls start_lockdown_service on it again and again; libimobiledevice's
 * tools/idevicebackup2.c starts notification_proxy, afc and mobilebackup2 on one lockdownd
 * client), and a property-list service connection serves one request after another (pymobiledevice3
 * services/mobile_config.py sends every MCInstall request over its one service connection;
 * go-ios ios/mcinstall/prepare.go does a whole prepare on one).
 *
 * A session can still die under us (the device reboots, or closes a connection left idle): a
 * connection that fails at the connection level is dropped. When it had sat idle for a while and
 * failed before its first answer, the work runs once more on a fresh connection; work on a
 * connection in active use is never repeated (a request the device took before the cut, such as
 * SetCloudConfiguration, must not be sent twice), and its failure is the caller's.
 */
import { DeviceError } from './errors.js';
import { TransportError } from './transport-types.js';

/** How long an unused connection stays open. */
export const DEFAULT_IDLE_MS = 30_000;
/** Idle this long, a connection's failure before any answer is taken for staleness (and retried). */
const STALE_AFTER_MS = 5_000;
/**
 * How long a caller of an exclusive pool waits for a busy connection before it opens its own:
 * long enough for a request or two (two snapshot reads of one device meet at attach time), short
 * beside a profile install that may hold the connection for minutes.
 */
const BUSY_WAIT_MS = 1_000;

export interface Closable {
  close(): Promise<void>;
}

interface Entry<C extends Closable> {
  connection: Promise<C>;
  /** The connection once open (`holds`). */
  value?: C;
  /** Callers using it right now; the idle timer runs only at zero. */
  users: number;
  timer: NodeJS.Timeout | null;
  /** When the last caller let go (performance.now()). */
  idleSince: number;
  /** Callers of an exclusive pool waiting for this connection to be free. */
  waiting: Set<() => void>;
}

/** Failures of a connection (not of a request): the connection is gone, a fresh one may work. */
const STALE_NAMES = new Set(['MUX_ERROR', 'SSL_ERROR', 'PLIST_ERROR', 'NOT_ENOUGH_DATA', 'UNKNOWN_ERROR', 'NO_RUNNING_SESSION', 'SESSION_INACTIVE', 'INVALID_SESSION_ID', 'HANDLE_CLOSED']);

export function isStaleConnectionError(e: unknown): boolean {
  const cause = e instanceof DeviceError ? e.cause : e;
  return cause instanceof TransportError && STALE_NAMES.has(cause.codeName) && cause.domain !== 'usbmuxd';
}

/**
 * Tracks whether a borrowed connection answered anything: only a connection that failed before
 * its first answer may be replaced and the work run again.
 */
export class UseRecord {
  answered = false;
  /** Set when the work saw the connection break (even if it handled that): it is not kept. */
  discard = false;
  /** Wraps one request on the connection. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    const r = await fn();
    this.answered = true;
    return r;
  }
}

/**
 * One pool per kind of connection, keyed by "udid" or "udid service-name". A shared pool lets
 * concurrent callers use one connection (lockdown: each request is atomic under the addon's
 * per-handle lock); an exclusive one gives a busy connection's second caller a private
 * connection for its work instead (a service client's multi-request exchanges, like escalation,
 * must not interleave with someone else's).
 */
export class ConnectionPool<C extends Closable> {
  private readonly entries = new Map<string, Entry<C>>();
  private closed = false;

  constructor(
    private readonly idleMs = DEFAULT_IDLE_MS,
    private readonly exclusive = false,
  ) {}

  /**
   * Runs `work` on the pooled connection for `key`, opening one with `open` when there is none.
   * `fresh` drops an existing connection first (a new handshake is the point, e.g. to prove a
   * pair record still works).
   */
  async use<T>(key: string, open: () => Promise<C>, work: (connection: C, use: UseRecord) => Promise<T>, fresh = false): Promise<T> {
    // After closeAll nothing is kept any more: late callers get a connection of their own.
    if (this.closed) return this.privately(open, work);
    if (fresh) await this.drop(key);
    let pooled = this.entries.get(key);
    if (this.exclusive && pooled && pooled.users > 0) {
      await this.freed(pooled);
      pooled = this.entries.get(key);
      if (pooled && pooled.users > 0) return this.privately(open, work);
    }
    const mayBeStale = pooled !== undefined && pooled.users === 0 && performance.now() - pooled.idleSince >= STALE_AFTER_MS;
    try {
      return await this.once(key, open, work);
    } catch (e) {
      if (!mayBeStale || !(e instanceof RetryOnFresh)) throw e instanceof RetryOnFresh ? e.cause : e;
      return this.once(key, open, work).catch((again: unknown) => {
        throw again instanceof RetryOnFresh ? again.cause : again;
      });
    }
  }

  /** Whether a connection for `key` is kept (open or opening). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Keeps `connection`, opened by the caller, as the one for `key`, idle from now on (the
   * connection that paired, now in session: lockdown.ts keepAsSession). False, and nothing kept,
   * when the pool has one for `key` already or keeps nothing any more; the caller still owns it then.
   */
  adopt(key: string, connection: C): boolean {
    if (this.closed || this.entries.has(key)) return false;
    const entry: Entry<C> = { connection: Promise.resolve(connection), value: connection, users: 0, timer: null, idleSince: performance.now(), waiting: new Set() };
    this.entries.set(key, entry);
    entry.users++;
    this.release(key, entry);
    return true;
  }

  /** Whether the pool keeps this very connection for `key` (it is the pool's to close). */
  holds(key: string, connection: C): boolean {
    return this.entries.get(key)?.value === connection;
  }

  /** Whether the caller is this connection's only user right now (nobody else mid-request on it). */
  soleUser(key: string, connection: C): boolean {
    const entry = this.entries.get(key);
    return entry?.value === connection && entry.users === 1;
  }

  /**
   * Forgets `connection` without closing it, if it is the one kept for `key`: someone else owns it
   * now (the plain connection that paired, now the pooled session). Callers still using it finish.
   */
  disown(key: string, connection: C): void {
    const entry = this.entries.get(key);
    if (entry?.value !== connection) return;
    this.entries.delete(key);
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
  }

  /** Closes and forgets the connection for `key` (pairing changed, device detached). */
  async drop(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.timer) clearTimeout(entry.timer);
    await entry.connection.then((c) => c.close()).catch(() => undefined);
  }

  /** Drops every key `match` accepts. */
  async dropWhere(match: (key: string) => boolean): Promise<void> {
    await Promise.all([...this.entries.keys()].filter(match).map((k) => this.drop(k)));
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await this.dropWhere(() => true);
  }

  private async once<T>(key: string, open: () => Promise<C>, work: (connection: C, use: UseRecord) => Promise<T>): Promise<T> {
    const entry = this.acquire(key, open);
    const use = new UseRecord();
    try {
      const connection = await entry.connection;
      const result = await work(connection, use);
      if (use.discard && this.entries.get(key) === entry) await this.drop(key);
      return result;
    } catch (e) {
      // A connection that failed at the connection level goes; others stay for the next caller.
      if ((use.discard || isStaleConnectionError(e)) && this.entries.get(key) === entry) await this.drop(key);
      if (!use.answered && isStaleConnectionError(e)) throw new RetryOnFresh(e);
      throw e;
    } finally {
      this.release(key, entry);
    }
  }

  /** Resolves when `entry` has no users, or after BUSY_WAIT_MS. */
  private freed(entry: Entry<C>): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        entry.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, BUSY_WAIT_MS);
      entry.waiting.add(done);
    });
  }

  private async privately<T>(open: () => Promise<C>, work: (connection: C, use: UseRecord) => Promise<T>): Promise<T> {
    const connection = await open();
    try {
      return await work(connection, new UseRecord());
    } finally {
      await connection.close().catch(() => undefined);
    }
  }

  private acquire(key: string, open: () => Promise<C>): Entry<C> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { connection: open(), users: 0, timer: null, idleSince: performance.now(), waiting: new Set() };
      const created = entry;
      this.entries.set(key, created);
      // A connection that never opened is not kept: the next caller tries again.
      created.connection.then(
        (c) => {
          created.value = c;
        },
        () => {
          if (this.entries.get(key) === created) this.entries.delete(key);
        },
      );
    }
    entry.users++;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    return entry;
  }

  private release(key: string, entry: Entry<C>): void {
    entry.users--;
    if (entry.users > 0) return;
    for (const wake of [...entry.waiting]) wake();
    if (this.entries.get(key) !== entry) return;
    entry.idleSince = performance.now();
    entry.timer = setTimeout(() => void (this.entries.get(key) === entry ? this.drop(key) : undefined), this.idleMs);
    entry.timer.unref();
  }
}

/** Internal: a connection-level failure before the connection's first answer to this work. */
class RetryOnFresh extends Error {
  constructor(override readonly cause: unknown) {
    super('stale pooled connection');
  }
}
