import { z } from 'zod';
import { CertificateView, ProfileBase64 } from './identity.js';
import { lazySchema } from './lazy-schema.js';

/**
 * The MDM enrollment profile the staging flows install (`stored` in a blueprint): importing it and
 * showing what is stored. The host reads the file or fetches the URL (with its own credentials and
 * trust store) and hands the bytes over; the station checks and keeps them. Part of the station's
 * `commands`; not kiosk-allowed (electron/api/dispatch.ts).
 */

/** A .mobileconfig as profiles/inspect.ts reads it: payloads, signer, MDM payload, problems. */
export const ProfileInspectionView = lazySchema(() => z.object({
  format: z.enum(['xml', 'binary']),
  signed: z.boolean(),
  signer: CertificateView.extend({
    verified: z.boolean(),
    chainVerified: z.boolean(),
    problem: z.object({ code: z.string(), message: z.string() }).nullable(),
    signingTime: z.string().nullable(),
  }).nullable(),
  identifier: z.string().nullable(),
  uuid: z.string().nullable(),
  displayName: z.string().nullable(),
  organization: z.string().nullable(),
  description: z.string().nullable(),
  version: z.number().nullable(),
  removalDisallowed: z.boolean(),
  payloads: z.array(z.object({ type: z.string().nullable(), identifier: z.string().nullable(), uuid: z.string().nullable(), displayName: z.string().nullable() })),
  mdm: z
    .object({
      serverUrl: z.string().nullable(),
      checkInUrl: z.string().nullable(),
      topic: z.string().nullable(),
      identityCertificateUuid: z.string().nullable(),
      identityPayloadType: z.string().nullable(),
      accessRights: z.number().nullable(),
      signMessage: z.boolean(),
      checkOutWhenRemoved: z.boolean(),
    })
    .nullable(),
  valid: z.boolean(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
}));
export type ProfileInspectionView = z.infer<typeof ProfileInspectionView>;

export const EnrollmentSource = lazySchema(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().max(4096) }),
  z.object({ kind: z.literal('url'), url: z.string().max(4096) }),
]));

export const EnrollmentMetadata = lazySchema(() => z.object({
  source: EnrollmentSource,
  importedAt: z.string(),
  sha256: z.string(),
  identifier: z.string().nullable(),
  uuid: z.string().nullable(),
  displayName: z.string().nullable(),
  signed: z.boolean(),
  serverUrl: z.string().nullable(),
  checkInUrl: z.string().nullable(),
  topic: z.string().nullable(),
}));

export const enrollmentProfileCommands = {
  /** Checks the profile (it must carry an MDM payload) and keeps it as the station's enrollment profile. */
  'enrollmentProfile.import': {
    input: lazySchema(() => z.object({ profile: ProfileBase64, source: EnrollmentSource })),
    output: lazySchema(() => z.object({ path: z.string(), metadata: EnrollmentMetadata, inspection: ProfileInspectionView })),
  },
  /**
   * Fetches the profile from the MDM's enrollment URL in the station process (a page cannot fetch
   * another origin under the screens' CSP), then checks and keeps it exactly as `import` does.
   * http:// only without credentials; a size cap and a timeout (profiles/enrollment.ts).
   */
  'enrollmentProfile.fetch': {
    input: lazySchema(() => z.object({ url: z.string().trim().min(1, 'The enrollment URL is empty.').max(4096, 'The enrollment URL is too long.') })),
    output: lazySchema(() => z.object({ path: z.string(), metadata: EnrollmentMetadata, inspection: ProfileInspectionView })),
  },
  /** The stored enrollment profile: where it came from and what it holds. */
  'enrollmentProfile.show': { input: lazySchema(() => z.object({}).default({})), output: lazySchema(() => z.object({ path: z.string(), metadata: EnrollmentMetadata, inspection: ProfileInspectionView })) },
} as const;

export type EnrollmentProfileCommandName = keyof typeof enrollmentProfileCommands;
