/**
 * The connection under every property-list service client (pymobiledevice3's ServiceConnection):
 * connect to the port StartService returned, send/receive plists, close. Replies are received in
 * short slices so a long wait never pins a libuv pool thread, and an unplug ends it as DEVICE_GONE.
 * The client shape built on it is in device-service.ts.
 */
import { deviceCall, type DeviceContext } from '../context.js';
import { DeviceError } from '../errors.js';
import { fromXml, toXml } from '../plist.js';
import { TransportError, type ServiceHandle } from '../transport-types.js';
import { startService, type DeviceService } from './device-service.js';

const SLICE_MS = 1000;

export interface RequestOptions {
  /** Total time to wait for the reply (default 30 s, libimobiledevice's own default). */
  timeoutMs?: number;
  /** Send a binary plist (mobileactivationd, springboardservices) instead of XML. */
  binary?: boolean;
}

export class PlistServiceConnection implements DeviceService {
  private closed = false;

  private constructor(
    private readonly ctx: DeviceContext,
    readonly udid: string,
    readonly serviceName: string,
    private readonly handle: ServiceHandle,
  ) {}

  static async open(ctx: DeviceContext, udid: string, serviceName: string): Promise<PlistServiceConnection> {
    const descriptor = await startService(ctx, udid, serviceName);
    const handle = await deviceCall(ctx, udid, () => ctx.transport.service(udid, descriptor));
    return new PlistServiceConnection(ctx, udid, serviceName, handle);
  }

  async send(body: Record<string, unknown>, binary = false): Promise<void> {
    this.assertOpen();
    await deviceCall(this.ctx, this.udid, () => this.handle.send(toXml(body), binary));
  }

  /** Waits up to `timeoutMs` for the next message; unparsed plist value. */
  async receive(timeoutMs = 30_000): Promise<unknown> {
    this.assertOpen();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const slice = Math.max(1, Math.min(SLICE_MS, deadline - Date.now()));
      try {
        const xml = await deviceCall(this.ctx, this.udid, () => this.handle.receive(slice));
        return fromXml(xml, { udid: this.udid, what: `${this.serviceName} reply` });
      } catch (e) {
        if (!(e instanceof DeviceError) || e.code !== 'TIMEOUT' || !(e.cause instanceof TransportError)) throw e;
        if (Date.now() >= deadline) {
          throw new DeviceError('TIMEOUT', { udid: this.udid, message: `The device did not answer ${this.serviceName} within ${Math.round(timeoutMs / 1000)} s.`, chain: e.chain });
        }
      }
    }
  }

  async request(body: Record<string, unknown>, options: RequestOptions = {}): Promise<unknown> {
    await this.send(body, options.binary);
    return this.receive(options.timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }

  private assertOpen(): void {
    if (this.closed) throw new DeviceError('INTERNAL', { udid: this.udid, message: `The ${this.serviceName} connection is already closed.` });
  }
}
