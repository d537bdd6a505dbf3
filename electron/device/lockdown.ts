/**
 * Lockdown sessions. `withLockdown` opens a connection (with the pair-record handshake unless
 * asked not to), runs one piece of work, and always closes it.
 */
import type { DeviceContext } from './context.js';
import { deviceCall } from './context.js';
import { DeviceError } from './errors.js';
import { fromXml, toXml } from './plist.js';
import type { LockdownHandle } from './transport-types.js';

export interface LockdownOptions {
  /** StartSession + TLS with the stored pair record (default true). Without it only public values are readable. */
  handshake?: boolean;
}

export async function withLockdown<T>(
  ctx: DeviceContext,
  udid: string,
  work: (lockdown: Lockdown) => Promise<T>,
  options: LockdownOptions = {},
): Promise<T> {
  const handle = await deviceCall(ctx, udid, () => ctx.transport.lockdown(udid, { handshake: options.handshake ?? true, label: ctx.label }));
  try {
    return await work(new Lockdown(ctx, udid, handle));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Typed access to one open lockdown connection. */
export class Lockdown {
  constructor(
    private readonly ctx: DeviceContext,
    readonly udid: string,
    readonly handle: LockdownHandle,
  ) {}

  /** A value as parsed plist (validate it with parseReply before use); undefined when absent. */
  async getValue(domain: string | null, key: string | null): Promise<unknown> {
    let xml: string | null;
    try {
      xml = await deviceCall(this.ctx, this.udid, () => this.handle.getValue(domain, key));
    } catch (e) {
      // MissingValue is lockdown's "no such value here" (e.g. IMEI on a Wi-Fi iPad): absent, not a failure.
      if (e instanceof DeviceError && e.chain[0]?.name === 'MISSING_VALUE') return undefined;
      throw e;
    }
    return xml === null ? undefined : fromXml(xml, { udid: this.udid, what: `lockdown value ${domain ?? ''}${key ?? ''}` });
  }

  setValue(domain: string | null, key: string | null, value: unknown): Promise<void> {
    return deviceCall(this.ctx, this.udid, () => this.handle.setValue(domain, key, toXml(value)));
  }

  /** Lockdown's Activate request: the activation path of devices without mobileactivationd. */
  activate(record: Record<string, unknown>): Promise<void> {
    return deviceCall(this.ctx, this.udid, () => this.handle.activate(toXml(record)));
  }

  startService(name: string, withEscrowBag = false) {
    return deviceCall(this.ctx, this.udid, () => this.handle.startService(name, withEscrowBag));
  }
}
