import * as plist from 'plist';
import type { PlistValue } from 'plist';

/** A decoded plist dictionary; data nodes are Buffers. */
export type PlistDict = { [key: string]: unknown };

const BPLIST_MAGIC = Buffer.from('bplist00', 'latin1');

/**
 * XML is what usbmuxd and lockdownd send; libusbmuxd cannot read binary replies
 * (docs/device-protocols.md §2.3).
 */
export function encodeXml(value: PlistDict | unknown[]): Buffer {
  return Buffer.from(plist.build(value as PlistValue), 'utf8');
}

export function encodeBinary(value: PlistDict | unknown[]): Buffer {
  return Buffer.from(plist.buildBinary(value as PlistValue));
}

export function isBinaryPlist(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 8).equals(BPLIST_MAGIC);
}

/** Accepts XML or binary, as the device side must (§3.1, §4.1). Throws on garbage. */
export function decodePlist(bytes: Buffer): unknown {
  const parsed = isBinaryPlist(bytes) ? plist.parseBinary(bytes) : plist.parse(bytes.toString('utf8'));
  return toBuffers(parsed);
}

export function decodeDict(bytes: Buffer): PlistDict {
  const value = decodePlist(bytes);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof Date) {
    throw new Error('plist is not a dictionary');
  }
  return value as PlistDict;
}

// The plist package yields Uint8Array for <data>; the rest of the emulator compares and stores Buffers.
function toBuffers(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(toBuffers);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: PlistDict = {};
    for (const [k, v] of Object.entries(value)) out[k] = toBuffers(v);
    return out;
  }
  return value;
}

export function asBuffer(value: unknown): Buffer | undefined {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  return undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asDict(value: unknown): PlistDict | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof Date) {
    return undefined;
  }
  return value as PlistDict;
}
