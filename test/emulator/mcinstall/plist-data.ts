/**
 * Plist values as they arrive from the core's request parser: `<data>` may be a Buffer
 * (bplist-parser) or a plain Uint8Array (plist 5), integers may be bigint in binary plists.
 */
import { parseBuffer } from 'bplist-parser';
import { parse } from 'plist';
import { buildXmlPlist } from '../plist-xml.js';
import { readXmlPlist, UNSUPPORTED } from '../plist-xml-read.js';

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && !(value instanceof Uint8Array) && !(value instanceof Date);
}

export function isData(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

export function asBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

export function isNumber(value: unknown): value is number | bigint {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint';
}

const BPLIST_MAGIC = Buffer.from('bplist00');

/** Parse XML or binary plist bytes. Throws on anything else. */
export function decodePlist(bytes: Buffer): unknown {
  if (bytes.subarray(0, 8).equals(BPLIST_MAGIC)) {
    const [root] = parseBuffer(bytes);
    return root;
  }
  // iOS reads a profile with a BOM or whitespace before `<?xml`: go-ios installs its initial
  // profile (ios/mcinstall/prepare.go initialProfile, which starts with a newline) on real
  // devices. xmldom would reject the declaration, so drop that prefix first.
  const text = bytes.toString('utf8').replace(/^\uFEFF?\s*/u, '');
  if (!/^(<\?xml|<!DOCTYPE|<plist)/.test(text)) throw new Error('not a property list');
  // The one-pass reader answers what plist.parse does wherever it applies (plist-xml-read.ts);
  // the DOM parser was most of an InstallProfile's cost in the cart's profile.
  const fast = readXmlPlist(text);
  if (fast !== UNSUPPORTED) return fast;
  // plist 5 lets xmldom log diagnostics to the console; a malformed profile is an expected
  // input here, so keep test output quiet.
  const { error, warn } = console;
  console.error = console.warn = () => undefined;
  try {
    return parse(text);
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

/** What the device does with a dictionary Payload: re-serialise it as an XML plist. */
export function encodeXmlPlist(value: Dict): Buffer {
  // plist.build's bytes, without its DOM (plist-xml.ts).
  return Buffer.from(buildXmlPlist(value), 'utf8');
}
