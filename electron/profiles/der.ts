/**
 * A small ASN.1 reader and DER writer over Buffers.
 *
 * Why not node-forge's asn1: signatures and certificate comparisons need the exact bytes a peer
 * sent (the device compares certificates byte for byte, §4.7), and forge works on binary strings
 * and may re-encode. This reader keeps every node's raw slice and also accepts BER indefinite
 * lengths, which macOS `security cms` uses in signed .mobileconfig files.
 */

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export interface DerNode {
  /** The identifier octet as read (e.g. 0x30 SEQUENCE, 0xa0 [0] constructed). */
  readonly tag: number;
  readonly constructed: boolean;
  /** The whole TLV, exactly as encoded. */
  readonly raw: Buffer;
  /** The content octets (for indefinite lengths: without the end-of-contents marker). */
  readonly content: Buffer;
  readonly children: readonly DerNode[];
}

export const Tag = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag number n, constructed (explicit or constructed implicit) or primitive. */
export const contextTag = (n: number, constructed = true): number => (constructed ? 0xa0 : 0x80) | n;

/** Parse one complete ASN.1 value; trailing bytes are an error (a truncated or padded file). */
export function parseDer(buf: Buffer): DerNode {
  const { node, end } = readNode(buf, 0, 0);
  if (end !== buf.length) throw new DerError(`unexpected ${buf.length - end} bytes after the ASN.1 value`);
  return node;
}

function readNode(buf: Buffer, start: number, depth: number): { node: DerNode; end: number } {
  if (depth > 64) throw new DerError('ASN.1 nesting too deep');
  if (start + 2 > buf.length) throw new DerError('ASN.1 data ends early (truncated)');
  const tag = buf[start] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte ASN.1 tags are not supported');
  const constructed = (tag & 0x20) !== 0;
  let pos = start + 1;
  const first = buf[pos++] as number;
  if (first === 0x80) {
    if (!constructed) throw new DerError('indefinite length on a primitive ASN.1 value');
    const children: DerNode[] = [];
    for (;;) {
      if (pos + 2 > buf.length) throw new DerError('ASN.1 data ends early (truncated)');
      if (buf[pos] === 0 && buf[pos + 1] === 0) break;
      const child = readNode(buf, pos, depth + 1);
      children.push(child.node);
      pos = child.end;
    }
    const contentStart = start + 2;
    const node: DerNode = { tag, constructed, raw: buf.subarray(start, pos + 2), content: buf.subarray(contentStart, pos), children };
    return { node, end: pos + 2 };
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4 || pos + count > buf.length) throw new DerError('ASN.1 length is invalid or truncated');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[pos++] as number);
  }
  const end = pos + length;
  if (end > buf.length) throw new DerError('ASN.1 data ends early (truncated)');
  const content = buf.subarray(pos, end);
  const children: DerNode[] = [];
  if (constructed) {
    let p = pos;
    while (p < end) {
      const child = readNode(buf.subarray(0, end), p, depth + 1);
      children.push(child.node);
      p = child.end;
    }
  }
  return { node: { tag, constructed, raw: buf.subarray(start, end), content, children }, end };
}

/** The child at index, checked against an expected tag, with a message naming what was expected. */
export function child(node: DerNode, index: number, tag: number | undefined, what: string): DerNode {
  const c = node.children[index];
  if (!c || (tag !== undefined && c.tag !== tag)) throw new DerError(`malformed ${what}`);
  return c;
}

/** OCTET STRING content, joining the chunks of a BER constructed OCTET STRING. */
export function octets(node: DerNode): Buffer {
  if (!node.constructed) return node.content;
  return Buffer.concat(node.children.map(octets));
}

export function decodeOid(node: DerNode): string {
  if (node.tag !== Tag.OID || node.content.length === 0) throw new DerError('expected an OBJECT IDENTIFIER');
  const bytes = node.content;
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

export function decodeInteger(node: DerNode): bigint {
  if (node.tag !== Tag.INTEGER) throw new DerError('expected an INTEGER');
  const hex = node.content.toString('hex') || '00';
  let value = BigInt(`0x${hex}`);
  if ((node.content[0] ?? 0) & 0x80) value -= 1n << BigInt(node.content.length * 8);
  return value;
}

export function decodeTime(node: DerNode): Date {
  const text = node.content.toString('latin1');
  const yearDigits = node.tag === Tag.UTC_TIME ? 2 : 4;
  const m = new RegExp(`^(\\d{${yearDigits}})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})?(?:\\.\\d+)?Z$`).exec(text);
  if (!m) throw new DerError(`unsupported time value "${text}"`);
  let year = Number(m[1]);
  if (node.tag === Tag.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}

// ---- writer -------------------------------------------------------------------------------

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(Tag.SEQUENCE, Buffer.concat(items));
/** A DER SET OF: members sorted by their encodings, as DER requires (signed attributes depend on it). */
export const setOf = (...items: Buffer[]): Buffer => tlv(Tag.SET, Buffer.concat([...items].sort(Buffer.compare)));
export const explicit = (n: number, inner: Buffer): Buffer => tlv(contextTag(n), inner);
export const octetString = (data: Buffer): Buffer => tlv(Tag.OCTET_STRING, data);
export const nullValue = (): Buffer => Buffer.from([Tag.NULL, 0]);
export const utf8String = (text: string): Buffer => tlv(Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
export const bitString = (data: Buffer): Buffer => tlv(Tag.BIT_STRING, Buffer.concat([Buffer.from([0]), data]));

export function bmpString(text: string): Buffer {
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return tlv(Tag.BMP_STRING, out);
}

/** INTEGER from a non-negative number or big-endian unsigned bytes (a leading 0 is added when needed). */
export function integer(value: number | Buffer): Buffer {
  let bytes = value;
  if (typeof bytes === 'number') {
    const hex = bytes.toString(16);
    bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && ((bytes[start + 1] as number) & 0x80) === 0) start++;
  bytes = bytes.subarray(start);
  if (((bytes[0] ?? 0) & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(Tag.INTEGER, bytes.length ? bytes : Buffer.from([0]));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = parts;
  const bytes: number[] = [];
  for (const n of [a * 40 + b, ...rest]) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(Tag.OID, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(Tag.UTC_TIME, Buffer.from(`${iso.slice(2)}Z`)) : tlv(Tag.GENERALIZED_TIME, Buffer.from(`${iso}Z`));
}

export const algorithm = (dotted: string, params?: Buffer): Buffer => sequence(oid(dotted), ...(params ? [params] : []));
