/**
 * A minimal DER writer (X.690 §10: definite, minimal lengths) for the certificates the station
 * builds inline (certificate-builder.ts). Each function returns one complete TLV.
 */

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let header: Buffer;
  if (n < 0x80) header = Buffer.from([tag, n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}

export const sequence = (items: readonly Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
/** A SET of one member, or of members already in DER order (X.690 §11.6). */
export const set = (items: readonly Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
/** Content octets of an INTEGER, already minimal (certificate-builder.ts positiveIntegerBytes). */
export const integer = (content: Buffer): Buffer => tlv(0x02, content);
export const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));
export const nul = (): Buffer => Buffer.from([0x05, 0x00]);
export const octetString = (content: Buffer): Buffer => tlv(0x04, content);
export const utf8String = (value: string): Buffer => tlv(0x0c, Buffer.from(value, 'utf8'));
export const bitString = (bits: Buffer, unusedBits: number): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bits]));
/** A small non-negative INTEGER (versions): one content octet. */
export const smallInteger = (value: number): Buffer => tlv(0x02, Buffer.from([value]));
/** [n] constructed: EXPLICIT around one complete value, or IMPLICIT over a SET's or SEQUENCE's encoded members. */
export const contextConstructed = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);
/** [n] IMPLICIT over a primitive value: the context tag replaces the value's own. */
export const implicitPrimitive = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

const oidCache = new Map<string, Buffer>();
export function oid(dotted: string): Buffer {
  let der = oidCache.get(dotted);
  if (der) return der;
  const arcs = dotted.split('.').map(Number);
  const values = [(arcs[0] as number) * 40 + (arcs[1] as number), ...arcs.slice(2)];
  const bytes: number[] = [];
  for (const value of values) {
    const chunk = [value & 0x7f];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  oidCache.set(dotted, (der = tlv(0x06, Buffer.from(bytes))));
  return der;
}

const two = (n: number) => String(n).padStart(2, '0');

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5); whole seconds, Z, no fractions (§4.1.2.5.1–2). */
export function time(date: Date): Buffer {
  const d = new Date(Math.floor(date.getTime() / 1000) * 1000);
  const year = d.getUTCFullYear();
  const rest = `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
  return year < 2050 ? tlv(0x17, Buffer.from(`${two(year % 100)}${rest}`, 'latin1')) : tlv(0x18, Buffer.from(`${String(year).padStart(4, '0')}${rest}`, 'latin1'));
}
