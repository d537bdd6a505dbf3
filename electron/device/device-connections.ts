/**
 * The connections a device layer keeps per device (connection-pool.ts): one paired lockdown
 * session, one plain (session-less) lockdown connection, and one connection per reusable service.
 * Dropped when the device detaches (the session also when its pairing changes), closed when they
 * sit idle and when the layer stops.
 *
 * The plain one matters for a device not paired yet: the station reads its public values at
 * attach, then pairs it, then wants a session, and one connection serves all three (the Pair is
 * sent on the connection that read, and the session starts on the one that paired, lockdown.ts
 * keepAsSession). A plain connection serves any number of requests, Pair among them: pymobiledevice3
 * reads DevicePublicKey, sends Pair (again and again while the Trust dialog is up) and then starts
 * the session on one LockdownClient service (pymobiledevice3/lockdown.py pair, _request_pair,
 * _handle_autopair).
 */
import { ConnectionPool, DEFAULT_IDLE_MS, type Closable } from './connection-pool.js';
import type { LockdownHandle } from './transport-types.js';

export class DeviceConnections {
  readonly lockdown: ConnectionPool<LockdownHandle>;
  /** Session-less lockdown connections (withLockdown `handshake: false`). */
  readonly plain: ConnectionPool<LockdownHandle>;
  readonly services: ConnectionPool<Closable>;

  constructor(idleMs = DEFAULT_IDLE_MS) {
    this.lockdown = new ConnectionPool<LockdownHandle>(idleMs);
    this.plain = new ConnectionPool<LockdownHandle>(idleMs);
    this.services = new ConnectionPool<Closable>(idleMs, true);
  }

  static serviceKey(udid: string, serviceName: string): string {
    return `${udid}\n${serviceName}`;
  }

  /** Forgets everything kept for `udid` (its services first: they were started in that session). */
  async dropDevice(udid: string): Promise<void> {
    await this.services.dropWhere((k) => k.startsWith(`${udid}\n`));
    await this.lockdown.drop(udid);
    await this.plain.drop(udid);
  }

  async closeAll(): Promise<void> {
    await this.services.closeAll();
    await this.lockdown.closeAll();
    await this.plain.closeAll();
  }
}
