import { z } from 'zod';
import { adminCommands } from './admin.js';
import { AuditChainReport, AuditEntryView, AuditQueryInput } from './audit.js';
import { CartView } from './cart.js';
import { plainText } from './printable.js';
import { flowCommands } from './flows.js';
import { kioskCommands } from './kiosk.js';
import { enrollmentProfileCommands } from './enrollment-profile.js';
import { blueprintLibraryCommands } from './blueprint-library.js';
import { identityCommands } from './identity.js';
import { mdmLookupCommands } from './mdm-lookups.js';
import { DeviceSummary } from './device.js';
import { ErrorCode } from './errors.js';
import { BatchProgress, BatchRef, CancelBatchOutput, HoldBatchInput, JobView, SettledJob, SettleInput, StartStagingInput, StartStagingOutput, UnfinishedJob, ValidateStagingInput, ValidateStagingOutput } from './staging.js';
import { lazySchema } from './lazy-schema.js';

const Udid = lazySchema(() => z.string().min(1));
const Empty = lazySchema(() => z.object({}).default({}));
const Ok = lazySchema(() => z.object({ ok: z.literal(true) }));
/** Rows or columns of a cart layout (the store refuses more than 1024 slots in all). */
// The store's own limits (store/repos/slots-repo.ts), said the same way before a host reaches it.
const GridSide = lazySchema(() => z.number().int().min(1, 'at least 1').max(64, 'too large: at most 64 rows and 64 columns, 1024 slots in all'));

/**
 * Every station command: its input and output schemas. The Electron preload, the HTTP server and
 * the CLI all dispatch through this table, and every host zod-parses the input before it reaches
 * the station, so a malformed payload never gets further than the boundary.
 */
export const commands = {
  'station.info': {
    input: Empty,
    output: lazySchema(() => z.object({
      version: z.string(),
      dataDir: z.string(),
      usbmuxd: z.string(),
      identity: z.object({ organization: z.string(), fingerprint: z.string() }).nullable(),
      mdm: z.object({ kind: z.string() }),
      autoStage: z.object({ enabled: z.boolean(), blueprint: z.string().nullable() }),
      /** How the kiosk signs people in: with two factors, a badge scan is followed by the PIN. */
      kiosk: z.object({ badgeNeedsPin: z.boolean() }).optional(),
    })),
  },
  'devices.list': { input: Empty, output: lazySchema(() => z.array(DeviceSummary)) },
  'devices.get': {
    input: lazySchema(() => z.object({ udid: Udid })),
    output: lazySchema(() => z.object({
      device: DeviceSummary,
      profiles: z.array(z.object({ identifier: z.string(), displayName: z.string().nullable() })),
      jobs: z.array(JobView),
    })),
  },
  'devices.pair': {
    input: lazySchema(() => z.object({ udids: z.array(Udid).min(1) })),
    // `code` and `remedy` say what a failed pairing needs (e.g. TRUST_PENDING: tap Trust), as the CLI prints them.
    output: lazySchema(() => z.object({ results: z.array(z.object({ udid: Udid, ok: z.boolean(), error: z.string().nullable(), code: ErrorCode.nullable().optional(), remedy: z.string().nullable().optional() })) })),
  },
  'devices.rename': { input: lazySchema(() => z.object({ udid: Udid, name: plainText(z.string().min(1).max(255)) })), output: lazySchema(() => z.object({ name: z.string() })) },
  'devices.restart': { input: lazySchema(() => z.object({ udid: Udid })), output: Ok },
  'devices.erase': {
    // Erasing loses data: the caller must say so explicitly.
    input: lazySchema(() => z.object({ udids: z.array(Udid).min(1), confirm: z.literal(true) })),
    output: lazySchema(() => z.object({ erased: z.array(Udid) })),
  },
  'staging.start': { input: StartStagingInput, output: StartStagingOutput },
  /** What `staging.start` would refuse before touching a device (no slot for {slot}, no identity, an unreadable enrollment profile). */
  'staging.validate': { input: ValidateStagingInput, output: ValidateStagingOutput },
  'staging.cancel': { input: lazySchema(() => z.object({ jobId: z.string() })), output: lazySchema(() => z.object({ cancelled: z.boolean() })) },
  'staging.retry': { input: lazySchema(() => z.object({ udid: Udid })), output: lazySchema(() => z.object({ jobId: z.string().nullable() })) },
  /** Pause (hold: true) or resume a batch; running devices stop only between steps. */
  'staging.hold': { input: HoldBatchInput, output: BatchProgress },
  'staging.cancelBatch': { input: BatchRef, output: CancelBatchOutput },
  /** A batch's jobs as they stand (outcome, failed step, error, device), for a summary; never waits. */
  'staging.jobs': { input: BatchRef, output: lazySchema(() => z.object({ jobs: z.array(SettledJob) })) },
  'staging.batch': { input: lazySchema(() => z.object({ batchId: z.string() })), output: BatchProgress },
  'staging.settle': { input: SettleInput, output: lazySchema(() => z.object({ jobs: z.array(SettledJob) })) },
  /** Jobs left unfinished (a crash, a power cut, devices unplugged), and whether each needs the supervision identity. */
  'staging.unfinished': { input: Empty, output: lazySchema(() => z.object({ jobs: z.array(UnfinishedJob) })) },
  /** Queues every unfinished job again; refused up front when one needs a supervision identity the station cannot use. */
  'staging.resume': { input: Empty, output: lazySchema(() => z.object({ jobs: z.array(UnfinishedJob) })) },
  'staging.autoStage': { input: lazySchema(() => z.object({ enabled: z.boolean(), blueprint: z.string().optional() })), output: lazySchema(() => z.object({ enabled: z.boolean(), blueprint: z.string().nullable() })) },
  'blueprints.list': { input: Empty, output: lazySchema(() => z.array(z.object({ name: z.string(), version: z.number().int(), createdAt: z.string() }))) },
  'blueprints.get': { input: lazySchema(() => z.object({ name: z.string(), version: z.number().int().optional() })), output: lazySchema(() => z.object({ name: z.string(), version: z.number().int(), body: z.unknown() })) },
  'blueprints.save': { input: lazySchema(() => z.object({ body: z.unknown() })), output: lazySchema(() => z.object({ name: z.string(), version: z.number().int(), created: z.boolean() })) },
  'cart.get': { input: Empty, output: CartView },
  'cart.calibrate': {
    input: lazySchema(() => z.discriminatedUnion('action', [
      z.object({ action: z.literal('start'), name: plainText(z.string().min(1)), rows: GridSide, columns: GridSide }),
      z.object({ action: z.literal('skip') }),
      z.object({ action: z.literal('finish') }),
      // Without a name or sides: "Cart", and a near-square grid for the devices plugged in (cart/auto-grid.ts).
      z.object({ action: z.literal('auto'), name: plainText(z.string().min(1)).optional(), rows: GridSide.optional(), columns: GridSide.optional() }),
    ])),
    output: CartView,
  },
  /** Renames a cart layout (the active one unless `from` is named); its slots keep their ports. */
  'cart.renameLayout': { input: lazySchema(() => z.object({ from: z.string().min(1).optional(), to: plainText(z.string().min(1).max(100)) })), output: CartView },
  /** A layout as a `cartwright.slots` file (validated by the station when imported): the active one unless named. */
  'cart.exportLayout': { input: lazySchema(() => z.object({ name: z.string().min(1).optional() }).default({})), output: lazySchema(() => z.object({ file: z.unknown() })) },
  /** Imports a `cartwright.slots` file and makes it the active layout; the devices move to their slots. */
  'cart.importLayout': { input: lazySchema(() => z.object({ file: z.unknown() })), output: lazySchema(() => z.object({ layout: z.string(), slots: z.number().int() })) },
  'audit.query': { input: AuditQueryInput, output: lazySchema(() => z.array(AuditEntryView)) },
  /** Recomputes the audit log's hash chain and names the first entry that breaks it. */
  'audit.verify': { input: Empty, output: AuditChainReport },
  ...kioskCommands,
  ...flowCommands,
  ...adminCommands,
  ...mdmLookupCommands,
  ...identityCommands,
  ...enrollmentProfileCommands,
  ...blueprintLibraryCommands,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.output<Commands[K]['output']>;
