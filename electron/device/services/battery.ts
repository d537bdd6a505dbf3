/**
 * The station's battery reading: the IORegistry power source first (cycle count, health,
 * temperature), lockdown's `com.apple.mobile.battery` domain when the registry shows none or the
 * relay refuses. go-ios reads that domain for its battery command (ios/batterydiagnostics.go), so
 * every device that pairs answers it.
 */
import { z } from 'zod';
import type { DeviceContext } from '../context.js';
import { DeviceError } from '../errors.js';
import { withLockdown } from '../lockdown.js';
import { parseReply } from '../plist.js';
import { BATTERY_DOMAIN } from '../snapshot.js';
import { Diagnostics, type BatteryReport } from './diagnostics.js';
import { withService } from './device-service.js';

/** Failures after which the lockdown domain may still answer (the relay said no, or said nonsense). */
const FALLBACK_ON = new Set(['DEVICE_REFUSED', 'PROTOCOL']);

const batteryDomainSchema = z
  .object({
    BatteryCurrentCapacity: z.number(),
    BatteryIsCharging: z.boolean().optional(),
    ExternalConnected: z.boolean().optional(),
    FullyCharged: z.boolean().optional(),
  })
  .loose();

export async function readBattery(ctx: DeviceContext, udid: string): Promise<BatteryReport> {
  try {
    const report = await withService(ctx, udid, Diagnostics, (d) => d.battery());
    if (report) return report;
  } catch (e) {
    if (!(e instanceof DeviceError) || !FALLBACK_ON.has(e.code)) throw e;
  }
  return readBatteryDomain(ctx, udid);
}

export async function readBatteryDomain(ctx: DeviceContext, udid: string): Promise<BatteryReport> {
  const raw = await withLockdown(ctx, udid, (ld) => ld.getValue(BATTERY_DOMAIN, null));
  const values = parseReply(batteryDomainSchema, raw, { udid, what: 'battery domain' });
  return {
    source: 'lockdown',
    level: Math.max(0, Math.min(100, values.BatteryCurrentCapacity)),
    charging: values.BatteryIsCharging ?? false,
    externalConnected: values.ExternalConnected ?? false,
    fullyCharged: values.FullyCharged ?? false,
  };
}
