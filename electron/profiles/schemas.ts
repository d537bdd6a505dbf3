import { z } from 'zod';

/**
 * zod schemas for configuration profiles (apple/device-management TopLevel.yaml and the payload
 * YAMLs). Objects are loose: Apple adds keys every release and a station must pass them through.
 */
export const WIFI_SECURITY_TYPES = ['None', 'WEP', 'WPA', 'WPA2', 'WPA3', 'Any'] as const;

/**
 * The schemas, built on first use: some 70 zod schemas cost every station start several
 * milliseconds to construct (issue 14: a CLI that starts in 0.2 s), and only reading, checking or
 * building a profile needs them, never `cartwright devices`.
 */
function buildProfileSchemas() {
  const data = z.instanceof(Uint8Array);
  const https = z.string().regex(/^https:\/\//i, 'must be an https:// URL');

  const payloadBaseSchema = z.looseObject({
    PayloadType: z.string().min(1),
    PayloadIdentifier: z.string().min(1),
    PayloadUUID: z.string().min(1),
    PayloadVersion: z.number().int(),
    PayloadDisplayName: z.string().optional(),
    PayloadDescription: z.string().optional(),
    PayloadOrganization: z.string().optional(),
  });

  const wifiPayloadSchema = payloadBaseSchema.extend({
    SSID_STR: z.string().min(1),
    EncryptionType: z.enum(WIFI_SECURITY_TYPES).optional(),
    Password: z.string().optional(),
    HIDDEN_NETWORK: z.boolean().optional(),
    AutoJoin: z.boolean().optional(),
  });

  const restrictionsPayloadSchema = payloadBaseSchema.superRefine((payload, ctx) => {
    for (const [key, value] of Object.entries(payload)) {
      if (/^(allow|force)[A-Z]/.test(key) && typeof value !== 'boolean') {
        ctx.addIssue({ code: 'custom', path: [key], message: `should be a boolean, not ${describeType(value)}` });
      }
    }
  });

  const certificatePayloadSchema = payloadBaseSchema.extend({
    PayloadContent: data,
    PayloadCertificateFileName: z.string().optional(),
  });

  const webClipPayloadSchema = payloadBaseSchema.extend({
    URL: z.string().regex(/^https?:\/\//i, 'must be an http(s) URL'),
    Label: z.string().min(1),
    Icon: data.optional(),
    IsRemovable: z.boolean().optional(),
    FullScreen: z.boolean().optional(),
  });

  const homeScreenItem = z.looseObject({ Type: z.enum(['Application', 'Folder', 'WebClip']) });
  const homeScreenLayoutPayloadSchema = payloadBaseSchema.extend({
    Dock: z.array(homeScreenItem).optional(),
    Pages: z.array(z.array(homeScreenItem)),
  });

  const mdmPayloadSchema = payloadBaseSchema.extend({
    ServerURL: https,
    CheckInURL: https.optional(),
    Topic: z.string().regex(/^com\.apple\.mgmt\./, "must begin with 'com.apple.mgmt.'"),
    IdentityCertificateUUID: z.string().min(1),
    AccessRights: z.number().int().min(1).max(8191),
    SignMessage: z.boolean().optional(),
    CheckOutWhenRemoved: z.boolean().optional(),
    ServerCapabilities: z.array(z.string()).optional(),
  });

  /** Payload type → schema for the payloads Cartwright builds or must understand. */
  const PAYLOAD_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
    'com.apple.wifi.managed': wifiPayloadSchema,
    'com.apple.applicationaccess': restrictionsPayloadSchema,
    'com.apple.security.root': certificatePayloadSchema,
    'com.apple.security.pkcs1': certificatePayloadSchema,
    'com.apple.webClip.managed': webClipPayloadSchema,
    'com.apple.homescreenlayout': homeScreenLayoutPayloadSchema,
    'com.apple.mdm': mdmPayloadSchema,
  };

  const configurationProfileSchema = z
    .looseObject({
      PayloadType: z.literal('Configuration'),
      PayloadIdentifier: z.string().min(1),
      PayloadUUID: z.string().min(1),
      PayloadVersion: z.number().int(),
      PayloadDisplayName: z.string().optional(),
      PayloadDescription: z.string().optional(),
      PayloadOrganization: z.string().optional(),
      PayloadRemovalDisallowed: z.boolean().optional(),
      PayloadScope: z.enum(['System', 'User']).optional(),
      HasRemovalPasscode: z.boolean().optional(),
      RemovalDate: z.date().optional(),
      PayloadExpirationDate: z.date().optional(),
      DurationUntilRemoval: z.number().optional(),
      PayloadContent: z.array(z.record(z.string(), z.unknown())).optional(),
      EncryptedPayloadContent: data.optional(),
    })
    .refine((p) => p.PayloadContent !== undefined || p.EncryptedPayloadContent !== undefined, {
      message: 'is missing (a profile needs a PayloadContent array)',
      path: ['PayloadContent'],
    });

  return { payloadBaseSchema, wifiPayloadSchema, restrictionsPayloadSchema, certificatePayloadSchema, webClipPayloadSchema, homeScreenLayoutPayloadSchema, mdmPayloadSchema, PAYLOAD_SCHEMAS, configurationProfileSchema };
}

export type ProfileSchemas = ReturnType<typeof buildProfileSchemas>;
let built: ProfileSchemas | undefined;

/** The profile schemas (built once, on the first call). */
export function profileSchemas(): ProfileSchemas {
  return (built ??= buildProfileSchemas());
}

export type ConfigurationProfile = z.infer<ProfileSchemas['configurationProfileSchema']>;
export type PayloadBase = z.infer<ProfileSchemas['payloadBaseSchema']>;

export function describeType(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'data';
  if (value instanceof Date) return 'a date';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a dictionary';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a real';
  return `a ${typeof value}`;
}
