/**
 * The connection under every property-list service client (pymobiledevice3's ServiceConnection):
 * connect to the port StartService returned, send/receive plists, close. Replies are received in
 * short slices so a long wait never pins one of the addon's device threads, and an unplug ends it as DEVICE_GONE.
 * The client shape built on it is in device-service.ts.
 */
import { deviceCall, type DeviceContext } from '../context.js';
import { DeviceError } from '../errors.js';
import { TransportError, type ServiceHandle } from '../transport-types.js';
import { withLockdown } from '../lockdown.js';
import type { DeviceService } from './device-service.js';

const SLICE_MS = 1000;

export interface RequestOptions {
  /** Total time to wait for the reply (default 30 s, libimobiledevice's own default). */
  timeoutMs?: number;
  /** Send a binary plist (mobileactivationd, springboardservices) instead of XML. */
  binary?: boolean;
}

export class PlistServiceConnection implements DeviceService {
  private closed = false;
  /** Why the owner closed it under its callers (e.g. the device detached): what they are told. */
  private closedBecause: DeviceError | undefined;
  private replies = 0;
  private failed = false;
  /** One exchange at a time: a pooled connection may have several callers (request/reply pairs must not interleave). */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly ctx: DeviceContext,
    readonly udid: string,
    readonly serviceName: string,
    private readonly handle: ServiceHandle,
  ) {}

  /** StartService in the device's paired (pooled) session and connect, in one transport call. */
  static async open(ctx: DeviceContext, udid: string, serviceName: string): Promise<PlistServiceConnection> {
    const handle = await withLockdown(ctx, udid, (ld) => ld.openService(serviceName));
    return new PlistServiceConnection(ctx, udid, serviceName, handle);
  }

  get answers(): number {
    return this.replies;
  }

  /** A send or receive failed below the protocol (connection cut, device gone). */
  get broken(): boolean {
    return this.failed;
  }

  /** Runs `exchange` (sends and receives) with nobody else's messages in between. */
  exclusive<T>(exchange: () => Promise<T>): Promise<T> {
    const run = this.turn.then(exchange, exchange);
    this.turn = run.catch(() => undefined);
    return run;
  }

  async send(body: Record<string, unknown>, binary = false): Promise<void> {
    this.assertOpen();
    await deviceCall(this.ctx, this.udid, () => this.handle.send(body, binary)).catch((e: unknown) => this.noteFailure(e));
  }

  /** Waits up to `timeoutMs` for the next message; unparsed plist value. */
  async receive(timeoutMs = 30_000): Promise<unknown> {
    this.assertOpen();
    return this.awaitReply(Date.now() + timeoutMs, timeoutMs);
  }

  /**
   * Sends `body` and waits for its reply. Where the transport has a combined call (the addon),
   * the send and the reply's first slice are one pool job and one device call instead of two.
   */
  request(body: Record<string, unknown>, options: RequestOptions = {}): Promise<unknown> {
    return this.exclusive(async () => {
      const handle = this.handle;
      if (!handle.request) {
        await this.send(body, options.binary);
        return this.receive(options.timeoutMs);
      }
      this.assertOpen();
      const timeoutMs = options.timeoutMs ?? 30_000;
      return this.awaitReply(Date.now() + timeoutMs, timeoutMs, (slice) => handle.request!(body, options.binary ?? false, slice));
    });
  }

  /** The reply, received in slices until `deadline`; `first` makes the first slice's call (a combined send and receive). */
  private async awaitReply(deadline: number, timeoutMs: number, first?: (sliceMs: number) => Promise<unknown>): Promise<unknown> {
    let next = first;
    for (;;) {
      const slice = Math.max(1, Math.min(SLICE_MS, deadline - Date.now()));
      const call = next ?? ((ms: number) => this.handle.receive(ms));
      next = undefined;
      try {
        const reply = await deviceCall(this.ctx, this.udid, () => call(slice));
        this.replies++;
        return reply;
      } catch (e) {
        if (!isSliceTimeout(e)) this.noteFailure(e);
        if (Date.now() >= deadline) {
          // The reply may still come, and would answer the next request: this connection is done.
          this.failed = true;
          throw new DeviceError('TIMEOUT', { udid: this.udid, message: `The device did not answer ${this.serviceName} within ${Math.round(timeoutMs / 1000)} s.`, chain: e.chain });
        }
      }
    }
  }

  /**
   * `because`: the error a caller still using the connection gets (its next send or receive, or
   * the one the close cut short) instead of the addon's HANDLE_CLOSED, which would read as a bug.
   */
  async close(because?: DeviceError): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closedBecause = because;
    await this.handle.close().catch(() => undefined);
  }

  private noteFailure(e: unknown): never {
    if (this.closed && this.closedBecause) throw this.closedBecause;
    if (e instanceof DeviceError && (e.code === 'DEVICE_GONE' || e.cause instanceof TransportError)) this.failed = true;
    throw e;
  }

  private assertOpen(): void {
    if (this.closedBecause) throw this.closedBecause;
    if (this.closed) throw new DeviceError('INTERNAL', { udid: this.udid, message: `The ${this.serviceName} connection is already closed.` });
  }
}

/** A receive slice that ended with nothing (the message, if any, was sent): wait on. Any other failure ends the exchange. */
function isSliceTimeout(e: unknown): e is DeviceError {
  return e instanceof DeviceError && e.code === 'TIMEOUT' && e.cause instanceof TransportError && e.cause.op !== 'property_list_service_send';
}
