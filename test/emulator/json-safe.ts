/**
 * JSON views of plist-ish values: Buffers become base64 strings (control API) or tagged objects
 * (state file, so they come back as Buffers).
 */
export function toJsonView(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toJsonView);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonView(v);
    return out;
  }
  return value;
}

export function toTagged(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $b64: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toTagged);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toTagged(v);
    return out;
  }
  return value;
}

export function fromTagged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromTagged);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.$b64 === 'string' && Object.keys(obj).length === 1) return Buffer.from(obj.$b64, 'base64');
    if (typeof obj.$date === 'string' && Object.keys(obj).length === 1) return new Date(obj.$date);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = fromTagged(v);
    return out;
  }
  return value;
}
