import { z } from 'zod';
import { DirectoryUser } from './flows.js';
import { lazySchema } from './lazy-schema.js';

/**
 * The Admin screens' commands: the MDM connection (test, outbox and dead letters, sync runs,
 * expiry), the supervision identity and the local directory. Part of the station's `commands`;
 * none of them is kiosk-allowed (electron/api/dispatch.ts).
 */

/** The configured MDM as it may be shown: never a password, secret, tenant code or API key. */
export const MdmConfigView = lazySchema(() => z.object({
  kind: z.enum(['local', 'workspace-one', 'meraki']),
  url: z.string().nullable(),
  /** WS1 organization group (Group ID) or Meraki network id. */
  group: z.string().nullable(),
  stagingUser: z.string().nullable(),
  authMethod: z.enum(['basic', 'oauth']).nullable(),
  /** The API account's name (WS1 Basic username or OAuth client id), not its secret. */
  account: z.string().nullable(),
  /** Whether sealed credentials are stored (shown as "stored, sealed"). */
  credentialsStored: z.boolean(),
}));
export type MdmConfigView = z.infer<typeof MdmConfigView>;

export const OutboxState = lazySchema(() => z.enum(['pending', 'sending', 'sent', 'dead']));
export const OutboxCounts = lazySchema(() => z.object({ pending: z.number().int(), sending: z.number().int(), sent: z.number().int(), dead: z.number().int() }));
export type OutboxCounts = z.infer<typeof OutboxCounts>;

/** One MDM message; the payload stays in the station (it may name people). */
export const OutboxMessageView = lazySchema(() => z.object({
  id: z.number().int(),
  kind: z.string(),
  /** The serial (or UDID) the message is about. */
  device: z.string(),
  state: OutboxState,
  attempts: z.number().int(),
  /** The MDM's own answer (code, HTTP status, vendor error code and activity id). */
  lastError: z.string().nullable(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
}));
export type OutboxMessageView = z.infer<typeof OutboxMessageView>;

export const SyncRunView = lazySchema(() => z.object({
  id: z.number().int(),
  connector: z.string(),
  trigger: z.enum(['periodic', 'manual', 'startup']),
  state: z.enum(['running', 'succeeded', 'partial', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  checked: z.number().int(),
  enrolled: z.number().int(),
  users: z.number().int().nullable(),
  warnings: z.array(z.string()),
  errors: z.array(z.string()),
}));
export type SyncRunView = z.infer<typeof SyncRunView>;

export const ExpiryWarningView = lazySchema(() => z.object({
  item: z.enum(['adeServerToken', 'vppContentToken', 'apnsCertificate']),
  label: z.string(),
  expiresAt: z.string(),
  daysLeft: z.number().int(),
  level: z.enum(['expired', 'warning']),
  message: z.string(),
}));
export type ExpiryWarningView = z.infer<typeof ExpiryWarningView>;

export const ExpiryDates = lazySchema(() => z.object({ adeServerToken: z.string().nullable(), vppContentToken: z.string().nullable(), apnsCertificate: z.string().nullable() }));
const DateText = lazySchema(() => z.string().refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'Not a date (YYYY-MM-DD).'));

export const MdmStatus = lazySchema(() => z.object({
  config: MdmConfigView,
  counts: OutboxCounts,
  lastSync: SyncRunView.nullable(),
  expiry: z.array(ExpiryWarningView),
  /** The renewal dates the station knows, so the screen can say "none recorded". */
  expiryDates: ExpiryDates,
  /** The periodic sync of a serving station (not running in one-shot hosts). */
  periodicSync: z.object({ running: z.boolean(), intervalMinutes: z.number() }),
}));
export type MdmStatus = z.infer<typeof MdmStatus>;

export const ConnectionCheckView = lazySchema(() => z.object({ name: z.string(), ok: z.boolean(), detail: z.string() }));
export const ConnectionReportView = lazySchema(() => z.object({ ok: z.boolean(), connector: z.string(), checks: z.array(ConnectionCheckView), checkedAt: z.string() }));
export type ConnectionReportView = z.infer<typeof ConnectionReportView>;

const optionalText = lazySchema(() => z.string().trim().max(2048).optional());

/** What the MDM screen may store; secrets go in and never come back out. */
export const MdmConfigureInput = lazySchema(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({
    kind: z.literal('workspace-one'),
    url: z.string().trim().min(1).max(2048),
    og: optionalText,
    stagingUser: optionalText,
    username: optionalText,
    password: z.string().max(2048).optional(),
    tenantCode: z.string().max(2048).optional(),
    clientId: optionalText,
    clientSecret: z.string().max(2048).optional(),
    tokenUrl: optionalText,
  }),
  z.object({ kind: z.literal('meraki'), apiKey: z.string().min(1).max(2048), network: z.string().trim().min(1).max(256), url: optionalText }),
]));
export type MdmConfigureInput = z.infer<typeof MdmConfigureInput>;

export const IdentityView = lazySchema(() => z.object({
  organization: z.string().nullable(),
  commonName: z.string().nullable(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  fingerprintSha256: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  expired: z.boolean(),
  notYetValid: z.boolean(),
  selfSigned: z.boolean(),
  keyType: z.string(),
  /** When it was stored on this station (null for an identity given as a .p12 file). */
  savedAt: z.string().nullable(),
}));
export type IdentityView = z.infer<typeof IdentityView>;

/** A directory entry as the admin sees it: whether a badge and PIN are set, never their values. */
export const AdminUser = lazySchema(() => DirectoryUser.extend({ hasPin: z.boolean(), updatedAt: z.string() }));
export type AdminUser = z.infer<typeof AdminUser>;

export const NewUserInput = lazySchema(() => z.object({
  id: z.string().trim().min(1, 'An id is required.').max(256),
  name: z.string().trim().min(1, 'A name is required.').max(256),
  username: z.string().trim().max(128).optional(),
  email: z.union([z.literal(''), z.email('Not an email address.')]).optional(),
  badge: z.string().trim().max(256).optional(),
  pin: z.union([z.literal(''), z.string().regex(/^\d{4,12}$/, 'The PIN is 4 to 12 digits.')]).optional(),
  groups: z.array(z.string().trim().min(1).max(128)).max(64).default([]),
}));
export type NewUserInput = z.input<typeof NewUserInput>;

const Empty = lazySchema(() => z.object({}).default({}));

/** A person (by the name tried) or a kiosk client (its address) whose kiosk sign-ins wait after too many failures. */
export const LockoutView = lazySchema(() => z.object({
  kind: z.enum(['user', 'client']),
  key: z.string(),
  failures: z.number().int(),
  lockedUntil: z.string().nullable(),
  firstFailureAt: z.string(),
  lastFailureAt: z.string(),
}));
export type LockoutView = z.infer<typeof LockoutView>;

export const adminCommands = {
  /** The configured MDM, outbox counts, the last sync run and expiry warnings, in one call. */
  'mdm.status': { input: Empty, output: MdmStatus },
  /** Asks the connector to check its connection, credentials, group and staging user. */
  'mdm.test': { input: Empty, output: ConnectionReportView },
  'mdm.outbox': {
    input: lazySchema(() => z.object({ limit: z.number().int().min(1).max(1000).default(200) }).default({ limit: 200 })),
    output: lazySchema(() => z.object({ counts: OutboxCounts, waiting: z.array(OutboxMessageView), dead: z.array(OutboxMessageView) })),
  },
  /** Puts a dead letter back in its device's line (after the cause was fixed in the MDM). */
  'mdm.retryDead': { input: lazySchema(() => z.object({ id: z.number().int().positive() })), output: lazySchema(() => z.object({ message: OutboxMessageView })) },
  /** Runs a sync pass now (or joins the one running). */
  'mdm.sync': { input: Empty, output: lazySchema(() => z.object({ run: SyncRunView })) },
  'mdm.syncRuns': { input: lazySchema(() => z.object({ limit: z.number().int().min(1).max(200).default(20) }).default({ limit: 20 })), output: lazySchema(() => z.array(SyncRunView)) },
  /** How often a serving station syncs with the MDM (minutes, 1 to 1440); applies at once. */
  'mdm.setSyncInterval': {
    input: lazySchema(() => z.object({ minutes: z.number().int('Whole minutes.').min(1, 'At least 1 minute.').max(1440, 'At most a day (1440 minutes).') })),
    output: lazySchema(() => z.object({ running: z.boolean(), intervalMinutes: z.number() })),
  },
  /** Records renewal dates (from Apple Business Manager and the MDM console); what is left out stays. */
  'mdm.setExpiry': {
    input: lazySchema(() => z.object({ adeServerToken: DateText.optional(), vppContentToken: DateText.optional(), apnsCertificate: DateText.optional() })),
    output: lazySchema(() => z.object({ expiryDates: ExpiryDates, expiry: z.array(ExpiryWarningView) })),
  },
  /** Stores the MDM configuration (credentials sealed); the answer never carries a secret. */
  'mdm.configure': { input: MdmConfigureInput, output: MdmConfigView },
  /** The stored supervision identity's certificate (no secret needed); null when there is none. */
  'identity.show': { input: Empty, output: lazySchema(() => z.object({ identity: IdentityView.nullable(), source: z.enum(['stored', 'pkcs12', 'none']) })) },
  'users.list': {
    input: lazySchema(() => z.object({ source: z.enum(['local', 'mdm']).optional(), limit: z.number().int().min(1).max(5000).default(500) }).default({ limit: 500 })),
    output: lazySchema(() => z.object({ users: z.array(AdminUser), total: z.number().int() })),
  },
  /** Adds one person to the local directory; the PIN is hashed before it is stored. */
  'users.add': { input: NewUserInput, output: lazySchema(() => z.object({ user: AdminUser })) },
  /** Who may not sign in at the kiosk right now (too many failed tries), and which kiosk clients wait. */
  'users.locked': { input: Empty, output: lazySchema(() => z.object({ locked: z.array(LockoutView) })) },
  /** Lets a person (username) or a kiosk client (address) try again at once; the failed count starts over. */
  'users.unlock': {
    input: lazySchema(() => z.object({ kind: z.enum(['user', 'client']).default('user'), key: z.string().trim().min(1).max(256) })),
    output: lazySchema(() => z.object({ unlocked: z.boolean(), lockout: LockoutView.nullable() })),
  },
  /** Imports a directory CSV, all or nothing: with any error, nothing is imported and every bad line is listed. */
  'users.import': {
    input: lazySchema(() => z.object({ csv: z.string().max(900_000, 'The file is larger than 900 KB: split it, or check that it is the directory CSV.'), fileName: z.string().max(512).optional() })),
    output: lazySchema(() => z.object({ imported: z.number().int(), withPin: z.number().int(), errors: z.array(z.string()) })),
  },
} as const;

export type AdminCommands = typeof adminCommands;
export type AdminCommandName = keyof AdminCommands;
