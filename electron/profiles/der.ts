/**
 * A small ASN.1 reader over Buffers, for verifying the CMS the station receives (cms-verify.ts,
 * and the certificate identifiers it matches signers by). Certificates and CMS the station builds
 * are written directly (device/der-writer.ts); PKCS#12 files, built and imported, go through
 * pkijs/asn1js (pki-der.ts).
 *
 * Why not a library for this: a signature covers the exact bytes the signer sent (signed
 * attributes re-tagged as a SET, docs/device-protocols.md §4.7) and the device compares
 * certificates byte for byte, while forge and pkijs hand back re-encoded values. This reader
 * keeps every node's raw slice and also accepts BER indefinite lengths, which macOS `security cms` uses in signed .mobileconfig files.
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
