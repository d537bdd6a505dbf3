import { z } from 'zod';
import { StoreError } from './errors.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

/** A JSON object column (params, details, options): the common shape of the repositories' maps. */
export const jsonObjectSchema: z.ZodType<Record<string, JsonValue>> = z.record(z.string(), jsonValueSchema);

const isPlainObject = (raw: unknown) => raw !== null && typeof raw === 'object' && !Array.isArray(raw);

/**
 * JSON.parse only ever yields strings, numbers, booleans, null, arrays and plain objects, so for
 * these two schemas the recursive zod walk can never fail: it only copied the value, at every read
 * (the job journal is read at every step transition). They keep the one check that can fail (an
 * object where one is expected); every other schema is parsed with zod as before.
 */
const VALID_BY_CONSTRUCTION = new Map<z.ZodType, (raw: unknown) => boolean>([
  [jsonValueSchema, () => true],
  [jsonObjectSchema, isPlainObject],
]);

export function toJson(value: unknown): string {
  const text = JSON.stringify(value);
  // JSON.stringify(undefined) is undefined, which SQLite would store as NULL and break json_valid checks.
  if (text === undefined) throw new StoreError('INVALID_INPUT', 'A JSON column cannot hold undefined');
  return text;
}

/**
 * Parses a JSON column and checks its shape. The columns carry json_valid() CHECKs, so a failure
 * here means a row written by a different version or by hand: report where, never cast blindly.
 */
export function readJson<T>(text: string, schema: z.ZodType<T>, where: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StoreError('CORRUPT_ROW', `${where}: not JSON (${(error as Error).message})`);
  }
  if (VALID_BY_CONSTRUCTION.get(schema)?.(raw)) return raw as T;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StoreError('CORRUPT_ROW', `${where}: unexpected shape (${parsed.error.message})`);
  return parsed.data;
}

export function readJsonOrNull<T>(text: string | null, schema: z.ZodType<T>, where: string): T | null {
  return text === null ? null : readJson(text, schema, where);
}

/** Stable text for change detection: the same object with keys in another order is the same JSON. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
