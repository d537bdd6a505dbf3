/**
 * The connections a device layer keeps per device (connection-pool.ts): one paired lockdown
 * session, and one connection per reusable service. Dropped when the device detaches or its
 * pairing changes, closed when they sit idle and when the layer stops.
 */
import { ConnectionPool, DEFAULT_IDLE_MS, type Closable } from './connection-pool.js';
import type { LockdownHandle } from './transport-types.js';

export class DeviceConnections {
  readonly lockdown: ConnectionPool<LockdownHandle>;
  readonly services: ConnectionPool<Closable>;

  constructor(idleMs = DEFAULT_IDLE_MS) {
    this.lockdown = new ConnectionPool<LockdownHandle>(idleMs);
    this.services = new ConnectionPool<Closable>(idleMs, true);
  }

  static serviceKey(udid: string, serviceName: string): string {
    return `${udid}\n${serviceName}`;
  }

  /** Forgets everything kept for `udid` (its services first: they were started in that session). */
  async dropDevice(udid: string): Promise<void> {
    await this.services.dropWhere((k) => k.startsWith(`${udid}\n`));
    await this.lockdown.drop(udid);
  }

  async closeAll(): Promise<void> {
    await this.services.closeAll();
    await this.lockdown.closeAll();
  }
}
