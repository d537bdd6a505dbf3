/**
 * The one shape every device service client has, after pymobiledevice3's LockdownService
 * (pymobiledevice3/services/lockdown_service.py): a client is bound to one named lockdown service
 * (`serviceName`), is opened for one device through a paired lockdown session's StartService
 * (`open(ctx, udid)`), talks request/reply over the connection it got, and is closed by whoever
 * opened it — normally by `withService`, the counterpart of pymobiledevice3's `async with`.
 *
 * Unlike pymobiledevice3 the connection is not lazy: `open` connects, so a refusal (InvalidService,
 * a locked device) surfaces where the caller asked for the service, not at its first request.
 */
import type { DeviceContext } from '../context.js';
import { DeviceConnections } from '../device-connections.js';
import { withLockdown } from '../lockdown.js';
import type { ServiceDescriptor } from '../transport-types.js';

/** An open connection to one service on one device. */
export interface DeviceService {
  readonly udid: string;
  /** Idempotent; never throws (the device may already be gone). */
  close(): Promise<void>;
  /** Replies received so far: a pooled connection that answered is never silently replaced mid-work. */
  readonly answers?: number;
  /**
   * The connection must not serve another caller: it broke (e.g. the device dropped it after
   * EraseDevice), or it now carries this caller's state (an escalated MCInstall connection).
   */
  readonly retired?: boolean;
}

/** What `withService` needs of a client class: its service name and how to open it. */
export interface DeviceServiceType<S extends DeviceService> {
  readonly serviceName: string;
  open(ctx: DeviceContext, udid: string): Promise<S>;
  /**
   * The connection carries no per-connection state a caller could leave behind (no escalation,
   * no half-read stream), so `withService` may keep it open in the context's pool for the next caller.
   */
  readonly reusable?: boolean;
}

/** StartService `name` in a paired session; the session closes, the returned port stays usable. */
export function startService(ctx: DeviceContext, udid: string, name: string): Promise<ServiceDescriptor> {
  return withLockdown(ctx, udid, (ld) => ld.startService(name));
}

/**
 * Opens `type` for `udid`, runs `work` on it, and closes it; a `reusable` type with the context's
 * pool runs on the device's pooled connection instead, which stays open (connection-pool.ts).
 */
export async function withService<S extends DeviceService, T>(ctx: DeviceContext, udid: string, type: DeviceServiceType<S>, work: (service: S) => Promise<T>): Promise<T> {
  const pool = ctx.connections?.services;
  if (type.reusable && pool) {
    return pool.use(
      DeviceConnections.serviceKey(udid, type.serviceName),
      () => type.open(ctx, udid),
      async (service, use) => {
        const s = service as S;
        const before = s.answers ?? 0;
        try {
          return await work(s);
        } finally {
          if ((s.answers ?? 0) > before) use.answered = true;
          if (s.retired) use.discard = true;
        }
      },
    );
  }
  const service = await type.open(ctx, udid);
  try {
    return await work(service);
  } finally {
    await service.close();
  }
}
