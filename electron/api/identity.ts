import { z } from 'zod';
import { IdentityView } from './admin.js';
import { lazySchema } from './lazy-schema.js';

/**
 * The supervision identity beyond `identity.show`: whether staging can use it, creating, importing
 * and exporting it, and signing a profile with it. PKCS#12 files travel as base64 and their
 * passwords only as input: no output, log or audit entry carries a password. Part of the station's
 * `commands`; none of them is kiosk-allowed (electron/api/dispatch.ts).
 */

/** A certificate's facts (no secret): the identity created, imported or exported. */
export const CertificateView = lazySchema(() => IdentityView.omit({ savedAt: true }));
export type CertificateView = z.infer<typeof CertificateView>;

/** The key types and PKCS#12 encryptions the profiles layer builds (profiles/identity.ts, pkcs12.ts). */
export const IdentityKeyType = lazySchema(() => z.enum(['rsa2048', 'p256']));
export const Pkcs12Encryption = lazySchema(() => z.enum(['3des', 'aes256']));

/** A PKCS#12 file or a profile as base64; a few MB at most (a profile with a wallpaper is the largest). */
const Base64File = (what: string, maxChars: number) =>
  z
    .string()
    .min(1, `The ${what} is empty.`)
    .max(maxChars, `The ${what} is too large.`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, `The ${what} is not base64.`);
const Pkcs12Base64 = lazySchema(() => Base64File('PKCS#12 file', 1_000_000));
export const ProfileBase64 = lazySchema(() => Base64File('profile', 12_000_000));
const Pkcs12Password = lazySchema(() => z.string().max(1024));

export const identityCommands = {
  /** Whether staging can use the identity now (it exists and its private key opens); the problem if not. */
  'identity.check': {
    input: lazySchema(() => z.object({}).default({})),
    output: lazySchema(() => z.object({ usable: z.boolean(), problem: z.string().nullable(), identity: z.object({ organization: z.string(), fingerprint: z.string() }).nullable() })),
  },
  /** Creates a new identity, keeps it as this station's (sealed) and answers it as a PKCS#12 file to keep. */
  'identity.create': {
    input: lazySchema(() => z.object({
      organization: z.string().trim().min(1, 'An organization name is required.').max(256),
      keyType: IdentityKeyType.default('rsa2048'),
      years: z.number().int().min(1, 'At least 1 year.').max(30, 'At most 30 years.').default(10),
      /** Replace a different identity already on this station (its supervised devices stop trusting the station). */
      replace: z.boolean().default(false),
      pkcs12: z.object({ password: Pkcs12Password.min(1, 'The PKCS#12 password must not be empty.'), encryption: Pkcs12Encryption.default('3des') }),
    })),
    output: lazySchema(() => z.object({ identity: CertificateView, path: z.string(), pkcs12: z.string() })),
  },
  /** Keeps a PKCS#12 identity (e.g. exported from Apple Configurator) as this station's, sealed. */
  'identity.import': {
    input: lazySchema(() => z.object({ pkcs12: Pkcs12Base64, password: Pkcs12Password, replace: z.boolean().default(false) })),
    output: lazySchema(() => z.object({ identity: CertificateView, path: z.string() })),
  },
  /** This station's identity as a password-protected PKCS#12 file (base64). */
  'identity.export': {
    input: lazySchema(() => z.object({ password: Pkcs12Password.min(1, 'The PKCS#12 password must not be empty.'), encryption: Pkcs12Encryption.default('3des') })),
    output: lazySchema(() => z.object({ identity: CertificateView, pkcs12: z.string() })),
  },
  /** Signs a configuration profile (CMS, SHA-256) with this station's identity. */
  'profiles.sign': { input: lazySchema(() => z.object({ profile: ProfileBase64 })), output: lazySchema(() => z.object({ signed: z.string() })) },
} as const;

export type IdentityCommandName = keyof typeof identityCommands;
