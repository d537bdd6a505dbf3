import { z } from 'zod';
import { plainText } from './printable.js';
import { lazySchema } from './lazy-schema.js';

/**
 * A blueprint: a named, versioned, ordered list of staging steps with their parameters. Stored in
 * SQLite, exported and imported as JSON files; everything a step needs to act is inside it, so an
 * exported blueprint stages the same way on another station (profiles travel embedded, base64).
 */

/** A configuration profile carried inside the blueprint. */
export const EmbeddedProfile = lazySchema(() => z.object({
  /** A label for people (the file it came from, or the profile's display name). */
  name: z.string().min(1),
  /** The .mobileconfig bytes (XML, binary or CMS-signed), base64. */
  data: z.string().min(1),
}));
export type EmbeddedProfile = z.infer<typeof EmbeddedProfile>;

/** The MDM enrollment profile: embedded, or the one stored on the station (`cartwright enroll-profile import`). */
export const EnrollmentProfileRef = lazySchema(() => z.union([EmbeddedProfile, z.object({ stored: z.literal('enrollment') })]));
export type EnrollmentProfileRef = z.infer<typeof EnrollmentProfileRef>;

export const Organization = lazySchema(() => z.object({
  name: z.string().min(1),
  department: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
}));

export const StepSpec = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('pair') }),
  z.object({ type: z.literal('inspect') }),
  z.object({
    type: z.literal('erase'),
    /** Erasing loses data: it only runs when the blueprint says so explicitly. */
    allowed: z.boolean().default(false),
  }),
  z.object({ type: z.literal('await-reboot') }),
  z.object({ type: z.literal('check-activation') }),
  z.object({
    type: z.literal('supervise'),
    /** When absent, the organization of the station's supervision identity. */
    organization: Organization.optional(),
    allowPairing: z.boolean().default(true),
    /** Setup Assistant panes to skip: 'all' or a list of SkipSetup keys. */
    skipSetup: z.union([z.literal('all'), z.array(z.string())]).default([]),
  }),
  z.object({ type: z.literal('escalate') }),
  z.object({ type: z.literal('install-profiles'), profiles: z.array(EmbeddedProfile).default([]) }),
  z.object({
    type: z.literal('enroll'),
    profile: EnrollmentProfileRef,
    /** install now (silent, supervised) or store it for Setup Assistant to install (post-setup). */
    mode: z.enum(['install', 'store']).default('store'),
  }),
  z.object({ type: z.literal('rename'), template: plainText(z.string().min(1)) }),
  z.object({
    type: z.literal('wallpaper'),
    /** PNG or JPEG, base64. */
    image: z.string().min(1),
    where: z.enum(['lock', 'home', 'both']).default('both'),
  }),
  z.object({ type: z.literal('report-mdm') }),
  z.object({ type: z.literal('verify') }),
]));
export type StepSpec = z.infer<typeof StepSpec>;
export type StepType = StepSpec['type'];
export type StepOf<T extends StepType> = Extract<StepSpec, { type: T }>;

export const Blueprint = lazySchema(() => z
  .object({
    name: plainText(z.string().min(1).max(100)),
    description: z.string().default(''),
    /** VPP: how the blueprint's apps are licensed (device-assigned is right for staged and shared devices). */
    appLicensing: z.enum(['device', 'user']).default('device'),
    steps: z.array(StepSpec).min(1),
  })
  .superRefine((bp, ctx) => {
    const types = bp.steps.map((s) => s.type);
    const seen = new Set<string>();
    for (const [i, t] of types.entries()) {
      if (seen.has(t)) ctx.addIssue({ code: 'custom', path: ['steps', i], message: `step "${t}" appears twice` });
      seen.add(t);
    }
    if (types[0] !== 'pair') ctx.addIssue({ code: 'custom', path: ['steps', 0], message: 'the first step must be "pair"' });
    const order = (t: StepType) => types.indexOf(t);
    const needsSupervision: StepType[] = ['escalate'];
    for (const t of needsSupervision) {
      if (order(t) >= 0 && order('supervise') < 0) {
        ctx.addIssue({ code: 'custom', path: ['steps'], message: `step "${t}" needs a "supervise" step before it` });
      }
    }
    if (order('erase') >= 0 && order('await-reboot') < order('erase')) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: '"erase" must be followed by "await-reboot"' });
    }
  }));
export type Blueprint = z.infer<typeof Blueprint>;
export type BlueprintInput = z.input<typeof Blueprint>;

/** Parse an untrusted blueprint (a file, an API payload) into a clear, path-qualified error list. */
export function parseBlueprint(input: unknown): { ok: true; blueprint: Blueprint } | { ok: false; errors: string[] } {
  const r = Blueprint.safeParse(input);
  if (r.success) return { ok: true, blueprint: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(blueprint)'}: ${i.message}`) };
}
