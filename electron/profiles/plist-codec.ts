import * as plist from 'plist';
import type { PlistValue } from 'plist';
import { ProfileError } from './errors.js';
import { looksLikeSignedData, parseSignedData } from './cms-verify.js';

/** A plist dictionary as the plist package reads it (data as Uint8Array, dates as Date). */
export type PlistDict = { [key: string]: PlistValue };
export type { PlistValue };
export type PlistFormat = 'xml' | 'binary';

export interface DecodedProfile {
  /** The top-level dictionary, not yet validated. */
  plist: PlistDict;
  format: PlistFormat;
  signed: boolean;
  /** The plist bytes (inside the CMS wrapper when signed). */
  plistBytes: Buffer;
}

const BINARY_MAGIC = Buffer.from('bplist00');

export function decodePlist(bytes: Buffer): { value: PlistValue; format: PlistFormat } {
  if (bytes.subarray(0, 8).equals(BINARY_MAGIC)) {
    try {
      return { value: plist.parseBinary(bytes), format: 'binary' };
    } catch (err) {
      throw new ProfileError('PROFILE_UNREADABLE', `the binary plist is damaged (${(err as Error).message})`);
    }
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  // Check first: the XML parser reports garbage noisily on the console before throwing.
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!DOCTYPE[^>]*>\s*)?<plist[\s>]/.test(text)) {
    throw new ProfileError('PROFILE_UNREADABLE', 'not a configuration profile: expected an XML or binary plist, or a CMS-signed profile');
  }
  try {
    return { value: plist.parse(text), format: 'xml' };
  } catch (err) {
    throw new ProfileError('PROFILE_UNREADABLE', `the XML plist is malformed (${(err as Error).message.split('\n')[0]})`);
  }
}

const isDict = (v: PlistValue): v is PlistDict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

/** Read any .mobileconfig: XML, binary, or CMS-signed (either inside). */
export function decodeProfileBytes(bytes: Buffer): DecodedProfile {
  const signed = looksLikeSignedData(bytes);
  const plistBytes = signed ? parseSignedData(bytes).content : bytes;
  const { value, format } = decodePlist(plistBytes);
  if (!isDict(value)) throw new ProfileError('PROFILE_UNREADABLE', 'the profile plist is not a dictionary');
  return { plist: value, format, signed, plistBytes };
}

export function encodePlist(value: PlistDict, format: PlistFormat = 'xml'): Buffer {
  return format === 'binary' ? Buffer.from(plist.buildBinary(value)) : Buffer.from(`${plist.build(value)}\n`, 'utf8');
}
