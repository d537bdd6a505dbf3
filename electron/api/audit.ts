import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

export const AuditSource = lazySchema(() => z.enum(['screen', 'cli', 'kiosk', 'api', 'system']));

export const AuditEntryView = lazySchema(() => z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  source: AuditSource,
  action: z.string(),
  udid: z.string().nullable(),
  serial: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
}));
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditQueryInput = lazySchema(() => z.object({
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  udid: z.string().optional(),
  actor: z.string().optional(),
  action: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
  /** Newest first (the screens) unless 'asc' (a report read top to bottom, the CLI). */
  order: z.enum(['asc', 'desc']).optional(),
}));

/** `audit.verify`: the hash chain recomputed; the first entry changed, removed or slipped in, if any. */
export const AuditChainReport = lazySchema(() => z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** The newest entry's hash: note it elsewhere to detect a later truncation or a rebuilt chain. */
  head: z.string(),
  firstBreak: z.object({ id: z.number().int(), reason: z.enum(['unchained', 'content-changed', 'link-broken', 'entries-missing-at-end']), message: z.string() }).nullable(),
}));
