/**
 * com.apple.mobile.diagnostics_relay (docs/device-protocols.md §5.1): battery from the IORegistry,
 * restart, shutdown. The station's battery reading with its lockdown fallback is in battery.ts.
 * Uses libimobiledevice's own client through the addon (not a plist connection), opened like every
 * other service client (device-service.ts).
 */
import { z } from 'zod';
import { deviceCall, type DeviceContext } from '../context.js';
import { parseReply } from '../plist.js';
import type { DiagnosticsHandle } from '../transport-types.js';
import { withLockdown } from '../lockdown.js';
import type { DeviceService } from './device-service.js';

export const DIAGNOSTICS_SERVICE_NAME = 'com.apple.mobile.diagnostics_relay';
const WAIT_FOR_DISCONNECT = 2;

/** IOPMPowerSource subclasses (AppleSmartBattery, AppleARMPMUCharger) as the registry shows them. */
const batteryEntrySchema = z
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
  .loose();

/** An entry the device does not have is answered as an empty dict (libimobiledevice #570, #689). */
const ioregistryReplySchema = z.object({ IORegistry: z.record(z.string(), z.unknown()).optional() }).loose();

/** The class every battery entry derives from (pymobiledevice3 get_battery, go-ios Battery). */
export const POWER_SOURCE_CLASS = 'IOPMPowerSource';

export interface BatteryReport {
  /** Where the reading came from: the IORegistry power source, or lockdown's battery domain (fewer facts). */
  source: 'ioregistry' | 'lockdown';
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

export function toBatteryReport(io: z.output<typeof batteryEntrySchema>): BatteryReport {
  // CurrentCapacity is a percentage when MaxCapacity is 100 (modern iOS), else mAh.
  const max = io.MaxCapacity ?? 100;
  const level = max === 100 ? io.CurrentCapacity : Math.round((io.CurrentCapacity / max) * 100);
  const full = io.AppleRawMaxCapacity ?? (max !== 100 ? max : undefined);
  return {
    source: 'ioregistry',
    level: Math.max(0, Math.min(100, level)),
    charging: io.IsCharging ?? false,
    externalConnected: io.ExternalConnected ?? false,
    fullyCharged: io.FullyCharged ?? false,
    cycleCount: io.CycleCount,
    healthPercent: full && io.DesignCapacity ? Math.round((full / io.DesignCapacity) * 100) : undefined,
    temperatureC: io.Temperature === undefined ? undefined : io.Temperature / 100,
  };
}

export class Diagnostics implements DeviceService {
  static readonly serviceName = DIAGNOSTICS_SERVICE_NAME;
  private closed = false;

  private constructor(
    private readonly ctx: DeviceContext,
    readonly udid: string,
    private readonly handle: DiagnosticsHandle,
  ) {}

  static async open(ctx: DeviceContext, udid: string): Promise<Diagnostics> {
    return new Diagnostics(ctx, udid, await withLockdown(ctx, udid, (ld) => ld.openDiagnostics(Diagnostics.serviceName)));
  }

  /**
   * The battery from the IORegistry, queried by class: the entry name `AppleSmartBattery` answers
   * an empty dict on iPhone 7 and older, whose battery is `AppleARMPMUCharger` (libimobiledevice
   * #1095). Null when the device shows no power source (the caller falls back to lockdown).
   */
  async battery(): Promise<BatteryReport | null> {
    const raw = await deviceCall(this.ctx, this.udid, () => this.handle.ioregistryEntry(null, POWER_SOURCE_CLASS));
    const ctx = { udid: this.udid, what: 'battery IORegistry entry' };
    const reply = parseReply(ioregistryReplySchema, raw ?? {}, ctx);
    const entry = batteryEntrySchema.safeParse(reply.IORegistry ?? {});
    return entry.success ? toBatteryReport(entry.data) : null;
  }

  restart(): Promise<void> {
    return deviceCall(this.ctx, this.udid, () => this.handle.restart(WAIT_FOR_DISCONNECT));
  }

  shutdown(): Promise<void> {
    return deviceCall(this.ctx, this.udid, () => this.handle.shutdown(WAIT_FOR_DISCONNECT));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}
