/**
 * A device snapshot: what the station shows on a device tile and what staging checks before
 * acting. Gathering (lockdown + MCInstall) is separate from mapping (pure, unit-tested).
 */
import { z } from 'zod';
import type { DeviceContext } from './context.js';
import { withLockdown } from './lockdown.js';
import { marketingName } from './model-names.js';
import { parseReply } from './plist.js';
import { McInstall } from './services/mcinstall.js';
import type { ProfileInfo } from './services/mcinstall-schemas.js';
import { withService } from './services/service-connection.js';

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
  /** A cloud configuration is present (prepared by us, by another organization, or by ADE). */
  cloudConfigured: boolean;
  supervised: boolean;
  organization: string | null;
  /** DER certificates allowed to supervise the device (the cloud configuration's SupervisorHostCertificates). */
  supervisorCertificates: Buffer[];
  profiles: ProfileInfo[];
  /** 'user' = BYOD User Enrollment: the device hides its hardware identifiers and cannot be supervised. */
  enrollmentType: 'device' | 'user';
  passcodePresent: boolean;
}

export const lockdownValuesSchema = z
  .object({
    UniqueDeviceID: z.string(),
    ProductType: z.string(),
    ProductVersion: z.string(),
    BuildVersion: z.string(),
    DeviceName: z.string(),
    DeviceClass: z.string(),
    ActivationState: z.string(),
    SerialNumber: z.string().optional(),
    InternationalMobileEquipmentIdentity: z.string().optional(),
    PasswordProtected: z.boolean().optional(),
  })
  .loose();

export const batteryValuesSchema = z
  .object({ BatteryCurrentCapacity: z.number().optional(), BatteryIsCharging: z.boolean().optional() })
  .loose();

export const cloudConfigSchema = z
  .object({
    IsSupervised: z.boolean().optional(),
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
    cloudConfigured: s.cloudConfiguration !== null && Object.keys(s.cloudConfiguration).length > 0,
    supervised: s.cloudConfiguration?.IsSupervised === true,
    supervisorCertificates: s.cloudConfiguration?.SupervisorHostCertificates ?? [],
    organization: s.cloudConfiguration?.OrganizationName ?? null,
    profiles: s.profiles,
    enrollmentType: v.SerialNumber === undefined ? 'user' : 'device',
    passcodePresent: v.PasswordProtected ?? false,
  };
}

/** Reads everything in one paired lockdown session plus one MCInstall connection. */
export async function readSnapshot(ctx: DeviceContext, udid: string): Promise<DeviceSnapshot> {
  const { values, battery } = await withLockdown(ctx, udid, async (ld) => ({
    values: parseReply(lockdownValuesSchema, await ld.getValue(null, null), { udid, what: 'lockdown values' }),
    battery: (await ld.getValue(BATTERY_DOMAIN, null)) ?? null,
  }));
  const { cloud, profiles } = await withService(
    () => McInstall.open(ctx, udid),
    async (mc) => ({ cloud: await mc.getCloudConfiguration(), profiles: await mc.getProfileList() }),
  );
  return mapSnapshot({
    values,
    battery: battery === null ? null : parseReply(batteryValuesSchema, battery, { udid, what: 'battery values' }),
    cloudConfiguration: cloud === null ? null : parseReply(cloudConfigSchema, cloud, { udid, what: 'cloud configuration' }),
    profiles,
  });
}
