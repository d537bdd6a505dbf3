/**
 * com.apple.mobile.diagnostics_relay (§5.1): battery from the IORegistry, restart, shutdown.
 * Uses libimobiledevice's own client through the addon, started inside a paired session.
 */
import { z } from 'zod';
import { deviceCall, type DeviceContext } from '../context.js';
import { withLockdown } from '../lockdown.js';
import { fromXml, parseReply } from '../plist.js';
import type { DiagnosticsHandle } from '../transport-types.js';

export const DIAGNOSTICS_SERVICE_NAME = 'com.apple.mobile.diagnostics_relay';
const WAIT_FOR_DISCONNECT = 2;

const batterySchema = z.object({
  IORegistry: z
    .object({
      CurrentCapacity: z.number(),
      MaxCapacity: z.number().optional(),
      DesignCapacity: z.number().optional(),
      AppleRawMaxCapacity: z.number().optional(),
      CycleCount: z.number().optional(),
      IsCharging: z.boolean().optional(),
      ExternalConnected: z.boolean().optional(),
      FullyCharged: z.boolean().optional(),
      Temperature: z.number().optional(),
    })
    .loose(),
});

export interface BatteryReport {
  /** Percent 0–100. */
  level: number;
  charging: boolean;
  externalConnected: boolean;
  fullyCharged: boolean;
  cycleCount?: number | undefined;
  /** Full-charge capacity as a share of design capacity (0–100), when the device reports both. */
  healthPercent?: number | undefined;
  temperatureC?: number | undefined;
}

export function toBatteryReport(io: z.output<typeof batterySchema>['IORegistry']): BatteryReport {
  // CurrentCapacity is a percentage when MaxCapacity is 100 (modern iOS), else mAh.
  const max = io.MaxCapacity ?? 100;
  const level = max === 100 ? io.CurrentCapacity : Math.round((io.CurrentCapacity / max) * 100);
  const full = io.AppleRawMaxCapacity ?? (max !== 100 ? max : undefined);
  return {
    level: Math.max(0, Math.min(100, level)),
    charging: io.IsCharging ?? false,
    externalConnected: io.ExternalConnected ?? false,
    fullyCharged: io.FullyCharged ?? false,
    cycleCount: io.CycleCount,
    healthPercent: full && io.DesignCapacity ? Math.round((full / io.DesignCapacity) * 100) : undefined,
    temperatureC: io.Temperature === undefined ? undefined : io.Temperature / 100,
  };
}

export class Diagnostics {
  private constructor(
    private readonly ctx: DeviceContext,
    readonly udid: string,
    private readonly handle: DiagnosticsHandle,
  ) {}

  static async open(ctx: DeviceContext, udid: string): Promise<Diagnostics> {
    const descriptor = await withLockdown(ctx, udid, (ld) => ld.startService(DIAGNOSTICS_SERVICE_NAME));
    return new Diagnostics(ctx, udid, await deviceCall(ctx, udid, () => ctx.transport.diagnostics(udid, descriptor)));
  }

  async battery(): Promise<BatteryReport> {
    const xml = await deviceCall(this.ctx, this.udid, () => this.handle.ioregistryEntry('AppleSmartBattery', null));
    const ctx = { udid: this.udid, what: 'battery IORegistry entry' };
    const parsed = parseReply(batterySchema, xml === null ? undefined : fromXml(xml, ctx), ctx);
    return toBatteryReport(parsed.IORegistry);
  }

  restart(): Promise<void> {
    return deviceCall(this.ctx, this.udid, () => this.handle.restart(WAIT_FOR_DISCONNECT));
  }

  shutdown(): Promise<void> {
    return deviceCall(this.ctx, this.udid, () => this.handle.shutdown(WAIT_FOR_DISCONNECT));
  }

  close(): Promise<void> {
    return this.handle.close().catch(() => undefined);
  }
}
