import { createHash } from 'node:crypto';

/**
 * Name-based (version 5) UUIDs: the same identifier and content always give the same UUID, so
 * rebuilding a profile from the same spec yields a byte-identical profile, while any change to
 * its content gives a new UUID (which is how iOS tells a new version of a profile apart).
 */
const CARTWRIGHT_NAMESPACE = Buffer.from('6f1b0c3e9d2a4b7c8e5f10a2b3c4d5e6', 'hex');

/** JSON with sorted keys; bytes as base64 and dates as ISO text, so every plist value has one spelling. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Uint8Array) return JSON.stringify({ $data: Buffer.from(value).toString('base64') });
  if (value instanceof Date) return JSON.stringify({ $date: value.toISOString() });
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Upper-case, as Apple's tools write profile UUIDs. */
export function deterministicUuid(...parts: unknown[]): string {
  const hash = createHash('sha1').update(CARTWRIGHT_NAMESPACE).update(canonicalJson(parts)).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
