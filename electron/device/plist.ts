/**
 * The one place device replies are validated: every plist a device sends goes through
 * parseReply(schema), so a wrong shape is a PROTOCOL DeviceError carrying the reply, never a
 * TypeError three calls later. Replies from the addon are already JS values; XML text remains
 * for what is XML on the wire outside the addon (usbmuxd's own protocol in usbmuxd-client.ts,
 * stored pair records, the activation server).
 */
import { build, parse, type PlistValue as LibPlistValue } from 'plist';
import type { z } from 'zod';
import { DeviceError } from './errors.js';
import { NOT_PLAIN, readPlainXmlPlist } from './plist-xml-reader.js';
import { writeXmlPlist } from './plist-xml-writer.js';

/** XML property-list text. */
export type PlistXml = string;

export type PlistValue = string | number | boolean | Date | Buffer | PlistValue[] | { [key: string]: PlistValue };

/** Serialises a JS value; undefined members are dropped (plist has no null). */
export function toXml(value: unknown): PlistXml {
  const plain = stripUndefined(value);
  // Dictionaries and arrays (every message and record) are written directly, as build writes them.
  if (plain !== null && typeof plain === 'object' && !(plain instanceof Date) && !Buffer.isBuffer(plain)) return writeXmlPlist(plain as Record<string, unknown> | unknown[]);
  return build(plain as LibPlistValue);
}

function stripUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripUndefined);
  if (v && typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null) out[k] = stripUndefined(x);
    return out;
  }
  return v;
}

// The plist package gives Uint8Array for <data>; the device layer works with Buffer throughout.
function toBuffers(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(toBuffers);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toBuffers(x);
    return out;
  }
  return v;
}

export function fromXml(xml: PlistXml, context: { udid?: string; what: string }): unknown {
  const plain = readPlainXmlPlist(xml);
  if (plain !== NOT_PLAIN) return plain;
  try {
    return toBuffers(parse(xml));
  } catch (cause) {
    throw new DeviceError('PROTOCOL', {
      udid: context.udid,
      message: `The device sent an unreadable ${context.what}.`,
      chain: [{ source: 'station', name: 'PLIST_PARSE', message: (cause as Error).message }],
      cause,
      reply: xml.slice(0, 2000),
    });
  }
}

export function parseReply<S extends z.ZodType>(schema: S, value: unknown, context: { udid?: string; what: string }): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new DeviceError('PROTOCOL', {
    udid: context.udid,
    message: `The device sent a malformed ${context.what}.`,
    chain: [{ source: 'station', name: 'SCHEMA', message: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : r.error.message }],
    reply: value,
  });
}

export function parseXmlReply<S extends z.ZodType>(schema: S, xml: PlistXml, context: { udid?: string; what: string }): z.output<S> {
  return parseReply(schema, fromXml(xml, context), context);
}
