import { z } from 'zod';
import type { Store } from '../store/index.js';

/**
 * The three yearly renewals a station depends on (docs/mdm-apis.md §4): the ADE server token,
 * the VPP content token (sToken) and the APNs certificate. An expired ADE token stops new ADE
 * enrollments; an expired sToken stops licence assignment; an expired APNs certificate cuts every
 * device off from the MDM (and renewing with another Apple ID forces re-enrollment).
 */
export const EXPIRY_SETTING = 'mdm.expiry';
export const WARN_DAYS = 30;

export const EXPIRY_ITEMS = {
  adeServerToken: 'ADE server token',
  vppContentToken: 'VPP content token',
  apnsCertificate: 'APNs certificate',
} as const;
export type ExpiryItem = keyof typeof EXPIRY_ITEMS;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const expirySchema = z.object({ adeServerToken: isoDate.optional(), vppContentToken: isoDate.optional(), apnsCertificate: isoDate.optional() });
export type ExpiryDates = z.infer<typeof expirySchema>;

export interface ExpiryWarning {
  item: ExpiryItem;
  expiresAt: string;
  daysLeft: number;
  level: 'expired' | 'warning';
  message: string;
}

export function loadExpiry(store: Store): ExpiryDates {
  return store.settings.getParsed(EXPIRY_SETTING, expirySchema) ?? {};
}

export function saveExpiry(store: Store, dates: ExpiryDates): ExpiryDates {
  const merged = expirySchema.parse({ ...loadExpiry(store), ...dates });
  const normalised = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, new Date(v).toISOString()]));
  store.settings.set(EXPIRY_SETTING, normalised);
  return normalised as ExpiryDates;
}

/** Warnings for what expires within `days` (or already has), soonest first. */
export function expiryWarnings(dates: ExpiryDates, now: Date, days = WARN_DAYS): ExpiryWarning[] {
  const warnings: ExpiryWarning[] = [];
  for (const item of Object.keys(EXPIRY_ITEMS) as ExpiryItem[]) {
    const at = dates[item];
    if (!at) continue;
    const daysLeft = Math.floor((Date.parse(at) - now.getTime()) / 86_400_000);
    if (daysLeft > days) continue;
    const label = EXPIRY_ITEMS[item];
    const day = at.slice(0, 10);
    warnings.push({
      item,
      expiresAt: at,
      daysLeft,
      level: daysLeft < 0 ? 'expired' : 'warning',
      message: daysLeft < 0 ? `The ${label} expired on ${day}: renew it now.` : `The ${label} expires on ${day} (in ${daysLeft} day${daysLeft === 1 ? '' : 's'}): renew it before then.`,
    });
  }
  return warnings.sort((a, b) => a.daysLeft - b.daysLeft);
}
