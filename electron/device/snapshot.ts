/**
 * A device snapshot: what the station shows on a device tile and what staging checks before
 * acting. Gathering (lockdown + MCInstall) is separate from mapping (pure, unit-tested).
 */
import { z } from 'zod';
import { escapeControl } from '../api/printable.js';
import type { DeviceContext } from './context.js';
import { assertDeviceIdentity, IMEI_PATTERN, SERIAL_PATTERN, UDID_PATTERN } from './identifiers.js';
import { withLockdown } from './lockdown.js';
import { marketingName } from './model-names.js';
import { parseReply } from './plist.js';
import { McInstall } from './services/mcinstall.js';
import type { ProfileInfo } from './services/mcinstall-schemas.js';
import { withService } from './services/device-service.js';

export const BATTERY_DOMAIN = 'com.apple.mobile.battery';

export interface DeviceSnapshot {
  udid: string;
  serialNumber: string | null;
  imei: string | null;
  productType: string;
  modelName: string;
  productVersion: string;
  buildVersion: string;
  name: string;
  deviceClass: string;
  activationState: string;
  battery: { level: number | null; charging: boolean | null };
  /**
   * Where the device is in its life, from GetCloudConfiguration: no configuration stored →
   * 'in-setup-assistant' (fresh or erased); CloudConfigurationUIComplete → 'set-up' (past Setup
   * Assistant's cloud-configuration step; a new configuration is refused with 14002 until erased).
   * Setup Assistant writes that record when a person finishes it (IsSupervised false), and a
   * Configurator-style prepare writes it too (docs/device-protocols.md §4.6 normalisation).
   */
  setupState: SetupState;
  /** A configuration was applied (IsSupervised or ConfigurationWasApplied): by us, another organization or ADE. Setup Assistant's own record is not one. */
  cloudConfigured: boolean;
  supervised: boolean;
  organization: string | null;
  /** DER certificates allowed to supervise the device (the cloud configuration's SupervisorHostCertificates). */
  supervisorCertificates: Buffer[];
  profiles: ProfileInfo[];
  /**
   * 'user' = BYOD User Enrollment (cannot be supervised). No public source shows a signal a host
   * can read over USB: User Enrollment hides the serial from the MDM server, not from lockdown, and
   * MCInstall's profile list does not name the enrollment type. So the device layer reports
   * 'unknown' and nothing erases or refuses on it.
   */
  enrollmentType: 'device' | 'user' | 'unknown';
  /** Locked right now and demanding the passcode (lockdown PasswordProtected; go-ios ios/mcinstall/mcinstall.go PasscodePresent). */
  locked: boolean;
  /** A passcode is set: only escalated MCInstall SecurityInfo tells; null in a snapshot, which does not escalate. */
  passcodePresent: boolean | null;
}

export type SetupState = 'in-setup-assistant' | 'set-up';

export const lockdownValuesSchema = z
  .object({
    // Identity values name files and database rows: a value outside the formats is a PROTOCOL error
    // (the device cannot be staged) rather than null, which would pass the device off as a BYOD
    // User Enrollment one (no serial). A bad IMEI, shown but never a key, just reads as none.
    UniqueDeviceID: z.string().regex(UDID_PATTERN, 'not a UDID (40 hex digits, or 8-16 hex digits)'),
    ProductType: z.string(),
    ProductVersion: z.string(),
    BuildVersion: z.string(),
    // Shown on tiles, sheets and in logs: control characters (ESC sequences) as visible \xNN.
    DeviceName: z.string().transform(escapeControl),
    DeviceClass: z.string(),
    ActivationState: z.string(),
    SerialNumber: z.string().regex(SERIAL_PATTERN, 'not an Apple serial number (8-20 capital letters and digits)').optional(),
    InternationalMobileEquipmentIdentity: z.string().regex(IMEI_PATTERN).optional().catch(undefined),
    PasswordProtected: z.boolean().optional(),
  })
  // Only these keys are read: GetValue with no key answers about a hundred, and copying the rest
  // through (`.loose()`) was most of what validating the reply cost. Unknown keys are dropped.
  .strip();

/** The members readSnapshot asks lockdown to hand over: the schema's, and nothing else crosses the addon. */
const SNAPSHOT_VALUE_KEYS: readonly string[] = Object.keys(lockdownValuesSchema.shape);

export const batteryValuesSchema = z
  .object({ BatteryCurrentCapacity: z.number().optional(), BatteryIsCharging: z.boolean().optional() })
  .loose();

export const cloudConfigSchema = z
  .object({
    IsSupervised: z.boolean().optional(),
    CloudConfigurationUIComplete: z.boolean().optional(),
    ConfigurationWasApplied: z.boolean().optional(),
    OrganizationName: z.string().optional(),
    // plist decoders hand <data> over as Buffer or Uint8Array
    SupervisorHostCertificates: z.array(z.instanceof(Uint8Array).transform((b) => Buffer.from(b))).optional(),
  })
  .loose();

export interface SnapshotSources {
  values: z.output<typeof lockdownValuesSchema>;
  battery: z.output<typeof batteryValuesSchema> | null;
  cloudConfiguration: z.output<typeof cloudConfigSchema> | null;
  profiles: ProfileInfo[];
}

/** The part of a snapshot GetCloudConfiguration tells, on its own for a re-read after SetCloudConfiguration. */
export type CloudSnapshot = Pick<DeviceSnapshot, 'setupState' | 'cloudConfigured' | 'supervised' | 'organization' | 'supervisorCertificates'>;

export function mapCloudConfiguration(cloud: z.output<typeof cloudConfigSchema> | null): CloudSnapshot {
  return {
    setupState: cloud?.CloudConfigurationUIComplete === true ? 'set-up' : 'in-setup-assistant',
    cloudConfigured: cloud?.IsSupervised === true || cloud?.ConfigurationWasApplied === true,
    supervised: cloud?.IsSupervised === true,
    supervisorCertificates: cloud?.SupervisorHostCertificates ?? [],
    organization: cloud?.OrganizationName ?? null,
  };
}

export function mapSnapshot(s: SnapshotSources): DeviceSnapshot {
  const v = s.values;
  return {
    udid: v.UniqueDeviceID,
    serialNumber: v.SerialNumber ?? null,
    imei: v.InternationalMobileEquipmentIdentity ?? null,
    productType: v.ProductType,
    modelName: marketingName(v.ProductType),
    productVersion: v.ProductVersion,
    buildVersion: v.BuildVersion,
    name: v.DeviceName,
    deviceClass: v.DeviceClass,
    activationState: v.ActivationState,
    battery: { level: s.battery?.BatteryCurrentCapacity ?? null, charging: s.battery?.BatteryIsCharging ?? null },
    ...mapCloudConfiguration(s.cloudConfiguration),
    profiles: s.profiles,
    enrollmentType: 'unknown',
    locked: v.PasswordProtected ?? false,
    passcodePresent: null,
  };
}

/**
 * GetCloudConfiguration alone: one request on the device's MCInstall connection, for a step that
 * changed only the cloud configuration and must see what the device now reports.
 */
export async function readCloudSnapshot(ctx: DeviceContext, udid: string): Promise<CloudSnapshot> {
  const cloud = await withService(ctx, udid, McInstall, (mc) => mc.getCloudConfiguration());
  return mapCloudConfiguration(cloud === null ? null : parseReply(cloudConfigSchema, cloud, { udid, what: 'cloud configuration' }));
}

/** GetProfileList alone, for a step that installed a profile the device may have queued instead. */
export function readProfileList(ctx: DeviceContext, udid: string): Promise<ProfileInfo[]> {
  return withService(ctx, udid, McInstall, (mc) => mc.getProfileList());
}

/** Reads everything in one paired lockdown session plus one MCInstall connection. */
export async function readSnapshot(ctx: DeviceContext, udid: string): Promise<DeviceSnapshot> {
  const { values, battery } = await withLockdown(ctx, udid, async (ld) => {
    const raw = await ld.getValue(null, null, SNAPSHOT_VALUE_KEYS);
    assertDeviceIdentity(raw, udid);
    return { values: parseReply(lockdownValuesSchema, raw, { udid, what: 'lockdown values' }), battery: (await ld.getValue(BATTERY_DOMAIN, null)) ?? null };
  });
  const { cloud, profiles } = await withService(
    ctx,
    udid,
    McInstall,
    async (mc) => ({ cloud: await mc.getCloudConfiguration(), profiles: await mc.getProfileList() }),
  );
  return mapSnapshot({
    values,
    battery: battery === null ? null : parseReply(batteryValuesSchema, battery, { udid, what: 'battery values' }),
    cloudConfiguration: cloud === null ? null : parseReply(cloudConfigSchema, cloud, { udid, what: 'cloud configuration' }),
    profiles,
  });
}
