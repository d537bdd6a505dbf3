import { z } from 'zod';
import type { StagingType } from '../types.js';

/**
 * zod shapes of the WS1 answers the connector reads (field names as in the vendor's OpenAPI
 * documents). Lenient on purpose: unknown fields pass, every field is optional, and enums accept
 * both the schema's names and the numeric strings the tenant's own examples use ("MessageType":"0").
 */

/** Accepts an enum by name or by its position as a number/numeric string; anything else becomes null. */
export function wsEnum<const T extends readonly [string, ...string[]]>(names: T) {
  return z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value): T[number] | null => {
      if (value === null || value === undefined) return null;
      const text = String(value).trim();
      if (/^\d+$/.test(text)) return names[Number(text)] ?? null;
      return names.find((n) => n.toLowerCase() === text.toLowerCase()) ?? null;
    });
}

export const STAGING_TYPES = [
  'StagingDisabled',
  'SingleUserStagingStandard',
  'SingleUserStagingAdvanced',
  'MultipleUserStaging',
  'MultipleUserStagingSingleUserStandard',
  'MultipleUserStagingSingleUserAdvanced',
] as const satisfies readonly StagingType[];

/**
 * The schemas, built on first use: constructing them costs every station start a few
 * milliseconds (issue 14), and only a station talking to Workspace ONE reads them.
 */
function buildWs1Schemas() {
  const entityId = z.object({ Value: z.union([z.number(), z.string()]).nullish() }).partial().nullish();
  const entityRef = z.object({ Id: entityId, Name: z.string().nullish(), Uuid: z.string().nullish() }).partial().nullish();
  const bool = z.union([z.boolean(), z.string().transform((s) => s.toLowerCase() === 'true')]).nullish();

  const ws1User = z.looseObject({
    Id: entityId,
    Uuid: z.string().nullish(),
    UserName: z.string().nullish(),
    FirstName: z.string().nullish(),
    LastName: z.string().nullish(),
    DisplayName: z.string().nullish(),
    Email: z.string().nullish(),
    Group: z.string().nullish(),
    LocationGroupId: z.union([z.string(), z.number()]).nullish(),
    Status: bool,
    DeviceStagingEnabled: bool,
    DeviceStagingType: wsEnum(STAGING_TYPES),
    MessageType: wsEnum(['None', 'Email', 'SMS', 'QrCode']),
    SecurityType: wsEnum(['uninitialized', 'directory', 'basic', 'authenticationproxy', 'tokenonly', 'saml']),
  });

  const ws1UserSearch = z.looseObject({
    Users: z.array(ws1User).nullish(),
    Page: z.number().nullish(),
    PageSize: z.number().nullish(),
    Total: z.number().nullish(),
  }).nullable();

  const locationGroup = z.looseObject({ Id: entityId, Uuid: z.string().nullish(), Name: z.string().nullish(), GroupId: z.string().nullish(), LocationGroupType: z.string().nullish() });

  const ws1GroupSearch = z.looseObject({
    // The vendor document's LocationGroup example is itself an array, so generated answers nest one
    // level deeper than real tenants do; flatten rather than refuse.
    LocationGroups: z.preprocess((v) => (Array.isArray(v) ? v.flat() : v), z.array(locationGroup)).nullish(),
    Total: z.number().nullish(),
  }).nullable();

  const ws1Device = z.looseObject({
    Id: entityId,
    Uuid: z.string().nullish(),
    Udid: z.string().nullish(),
    SerialNumber: z.string().nullish(),
    Imei: z.string().nullish(),
    DeviceFriendlyName: z.string().nullish(),
    LocationGroupId: entityRef,
    LocationGroupName: z.string().nullish(),
    UserId: entityRef,
    UserName: z.string().nullish(),
    EnrollmentUserUuid: z.string().nullish(),
    EnrollmentStatus: z.string().nullish(),
    IsSupervised: bool,
    EnrolledViaDEP: bool,
  });

  // Same example defect as LocationGroup: flatten a nested array.
  const ws1DepDevices = z
    .preprocess((v) => (Array.isArray(v) ? v.flat() : v), z.array(
      z.looseObject({
        deviceSerialNumber: z.string().nullish(),
        profileName: z.string().nullish(),
        profileUuid: z.string().nullish(),
        enrollmentStatus: z.string().nullish(),
        organizationGroupName: z.string().nullish(),
        username: z.string().nullish(),
      }),
    ))
    .nullable();

  const ws1EnrollmentToken = z.looseObject({ token: z.string().nullish(), qr_code_image_uri: z.string().nullish() });

  const ws1PurchasedApps = z
    .looseObject({
      Application: z
        .array(
          z.looseObject({
            ApplicationName: z.string().nullish(),
            BundleId: z.string().nullish(),
            ExternalId: z.string().nullish(),
            ManagedDistribution: z
              .looseObject({
                Purchased: z.number().nullish(),
                Available: z.number().nullish(),
                Burned: z.number().nullish(),
                OnHold: z.number().nullish(),
                /** e.g. "DeviceAssignment" / "UserAssignment"; free text in the spec. */
                AppLicenseEligibility: z.string().nullish(),
              })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullable();

  /** BaseExceptionModel: `message` is "object" in the spec, usually a string. */
  const ws1ErrorBody = z.looseObject({
    errorCode: z.union([z.number(), z.string()]).nullish(),
    message: z.unknown().optional(),
    activityId: z.string().nullish(),
  });

  const oauthToken = z.looseObject({ access_token: z.string().min(1), expires_in: z.union([z.number(), z.string()]).optional(), token_type: z.string().optional() });

  return { entityId, ws1User, ws1UserSearch, ws1GroupSearch, ws1Device, ws1DepDevices, ws1EnrollmentToken, ws1PurchasedApps, ws1ErrorBody, oauthToken };
}

export type Ws1Schemas = ReturnType<typeof buildWs1Schemas>;
let built: Ws1Schemas | undefined;

/** The WS1 answer schemas (built once, on the first call). */
export function ws1Schemas(): Ws1Schemas {
  return (built ??= buildWs1Schemas());
}

export type Ws1User = z.infer<Ws1Schemas['ws1User']>;
export type Ws1Device = z.infer<Ws1Schemas['ws1Device']>;

export function idOf(id: z.infer<Ws1Schemas['entityId']>): string | null {
  return id?.Value === undefined || id?.Value === null ? null : String(id.Value);
}
