import * as plist from 'plist';
import type { PlistValue } from 'plist';
import { buildXmlPlist } from './plist-xml.js';
import { readXmlPlist, UNSUPPORTED } from './plist-xml-read.js';

/** A decoded plist dictionary; data nodes are Buffers. */
export type PlistDict = { [key: string]: unknown };

const BPLIST_MAGIC = Buffer.from('bplist00', 'latin1');

/**
 * XML is what usbmuxd and lockdownd send; libusbmuxd cannot read binary replies
 * (docs/device-protocols.md §2.3).
 */
export function encodeXml(value: PlistDict | unknown[]): Buffer {
  // The same bytes plist.build writes, without its per-message DOM (plist-xml.ts).
  return Buffer.from(buildXmlPlist(value), 'utf8');
}

/**
 * encodeXml's bytes after `headerSize` bytes left for the caller's length header, in one Buffer:
 * a framed reply then costs one allocation and no copy instead of two and a concat.
 */
export function encodeXmlAfter(headerSize: number, value: PlistDict | unknown[]): Buffer {
  const xml = buildXmlPlist(value);
  const out = Buffer.allocUnsafe(headerSize + Buffer.byteLength(xml, 'utf8'));
  // A few bytes: a loop is cheaper than fill()'s argument checks, once per reply.
  for (let i = 0; i < headerSize; i++) out[i] = 0;
  out.write(xml, headerSize, 'utf8');
  return out;
}

export function encodeBinary(value: PlistDict | unknown[]): Buffer {
  return Buffer.from(plist.buildBinary(value as PlistValue));
}

export function isBinaryPlist(bytes: Buffer): boolean {
  // Every request is tested; an XML one ('<' or whitespace first) is told apart by its first byte.
  return bytes.length >= 8 && bytes[0] === 0x62 && bytes.compare(BPLIST_MAGIC, 0, 8, 0, 8) === 0;
}

/**
 * Hosts send the same small requests over and over (ListDevices, ReadPairRecord, QueryType,
 * GetValue of one key, StartSession with the same HostID: about 150 per device in a Prepare), so
 * parsed XML requests are kept by their text; each caller gets its own copy. Larger ones repeat
 * too (a blueprint's SetCloudConfiguration, ~4.4 KB, is byte for byte the same on many devices of
 * a batch), so the bound is on the text kept as well.
 */
const DECODE_CACHE_ENTRIES = 2048;
const DECODE_CACHE_MAX_BYTES = 16 * 1024;
const DECODE_CACHE_BUDGET_BYTES = 8 * 1024 * 1024;
const decoded = new Map<string, unknown>();
let decodedBytes = 0;

/** Accepts XML or binary, as the device side must (§3.1, §4.1). Throws on garbage. */
export function decodePlist(bytes: Buffer): unknown {
  if (isBinaryPlist(bytes)) return toBuffers(plist.parseBinary(bytes));
  const xml = bytes.toString('utf8');
  if (bytes.length > DECODE_CACHE_MAX_BYTES) return parseXml(xml);
  const cached = decoded.get(xml);
  if (cached !== undefined) return copyOf(cached);
  const value = parseXml(xml);
  if (decoded.size >= DECODE_CACHE_ENTRIES || decodedBytes + bytes.length > DECODE_CACHE_BUDGET_BYTES) {
    decoded.clear();
    decodedBytes = 0;
  }
  decoded.set(xml, value);
  decodedBytes += bytes.length;
  return copyOf(value);
}

/** The one-pass reader (plist-xml-read.ts) where it applies, else the plist package's DOM parser. */
function parseXml(xml: string): unknown {
  const fast = readXmlPlist(xml);
  return fast === UNSUPPORTED ? toBuffers(plist.parse(xml)) : fast;
}

function copyOf(value: unknown): unknown {
  // Most values are strings, numbers and booleans: answer those before any instanceof test.
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(copyOf);
  const out: PlistDict = {};
  for (const k of Object.keys(value)) out[k] = copyOf((value as PlistDict)[k]);
  return out;
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
