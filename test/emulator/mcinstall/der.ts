/**
 * A minimal BER/DER reader that keeps byte offsets. node-forge's asn1 parser loses them, and CMS
 * needs the exact bytes of certificates (Escalate compares them byte for byte,
 * docs/device-protocols.md §4.7) and of the signed attributes. Indefinite lengths are supported
 * because signed .mobileconfig files made by Apple's tools are BER-streamed (`30 80 …`).
 */

export interface DerNode {
  /** Identifier octet(s) as one number for low tags: class bits | constructed bit | tag number. */
  readonly tag: number;
  readonly tagClass: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Offsets into the source buffer: the whole element, and its contents (without an EOC). */
  readonly start: number;
  readonly end: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly indefinite: boolean;
  readonly children: DerNode[];
  readonly source: Buffer;
}

export const TagClass = { universal: 0, application: 1, context: 2, private: 3 } as const;

export const Tag = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  set: 0x31,
} as const;

export class DerError extends Error {}

const MAX_DEPTH = 64;

export function parseDer(buf: Buffer, offset = 0, allowTrailing = false): DerNode {
  const node = readNode(buf, offset, buf.length, 0);
  if (!allowTrailing && node.end !== buf.length) throw new DerError('trailing bytes after ASN.1 element');
  return node;
}

function readNode(buf: Buffer, offset: number, limit: number, depth: number): DerNode {
  if (depth > MAX_DEPTH) throw new DerError('ASN.1 nesting too deep');
  if (offset >= limit) throw new DerError('truncated ASN.1 element');
  const first = buf[offset] as number;
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let pos = offset + 1;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    // High tag numbers never appear in CMS we care about, but skip them correctly.
    tagNumber = 0;
    for (;;) {
      if (pos >= limit) throw new DerError('truncated ASN.1 tag');
      const b = buf[pos++] as number;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (pos >= limit) throw new DerError('truncated ASN.1 length');
  const lenByte = buf[pos++] as number;
  const children: DerNode[] = [];
  if (lenByte === 0x80) {
    if (!constructed) throw new DerError('indefinite length on a primitive element');
    const contentStart = pos;
    for (;;) {
      if (pos + 2 > limit) throw new DerError('missing end-of-contents');
      if (buf[pos] === 0 && buf[pos + 1] === 0) break;
      const child = readNode(buf, pos, limit, depth + 1);
      children.push(child);
      pos = child.end;
    }
    return {
      tag: first, tagClass, constructed, tagNumber, start: offset, end: pos + 2,
      contentStart, contentEnd: pos, indefinite: true, children, source: buf,
    };
  }
  let length = lenByte;
  if (lenByte & 0x80) {
    const count = lenByte & 0x7f;
    if (count > 4) throw new DerError('ASN.1 length too large');
    length = 0;
    for (let i = 0; i < count; i++) {
      if (pos >= limit) throw new DerError('truncated ASN.1 length');
      length = length * 256 + (buf[pos++] as number);
    }
  }
  const contentStart = pos;
  const contentEnd = pos + length;
  if (contentEnd > limit) throw new DerError('ASN.1 element longer than its container');
  if (constructed) {
    while (pos < contentEnd) {
      const child = readNode(buf, pos, contentEnd, depth + 1);
      children.push(child);
      pos = child.end;
    }
  }
  return {
    tag: first, tagClass, constructed, tagNumber, start: offset, end: contentEnd,
    contentStart, contentEnd, indefinite: false, children, source: buf,
  };
}

/** The element's exact encoded bytes. */
export function rawBytes(node: DerNode): Buffer {
  return node.source.subarray(node.start, node.end);
}

/** Primitive contents, or the concatenation of a BER constructed string's segments. */
export function contentBytes(node: DerNode): Buffer {
  if (!node.constructed) return node.source.subarray(node.contentStart, node.contentEnd);
  return Buffer.concat(node.children.map(contentBytes));
}

export function decodeOid(node: DerNode): string {
  if (node.tag !== Tag.oid) throw new DerError('expected an OBJECT IDENTIFIER');
  const bytes = contentBytes(node);
  if (bytes.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join('.');
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function hasIndefinite(node: DerNode): boolean {
  return node.indefinite || node.children.some(hasIndefinite);
}

/**
 * Re-encode with definite lengths and an optional replacement identifier octet (low tags only).
 * CMS signs the signed attributes as a SET (0x31) although they travel as [0] IMPLICIT (0xA0);
 * element order is kept as received, because the signer hashed exactly that order.
 */
export function reencode(node: DerNode, tagOverride?: number): Buffer {
  if (!hasIndefinite(node)) {
    if (tagOverride === undefined) return rawBytes(node);
    return Buffer.concat([Buffer.from([tagOverride]), node.source.subarray(node.start + 1, node.end)]);
  }
  const header = Buffer.from([tagOverride ?? node.tag]);
  const body = node.constructed
    ? Buffer.concat(node.children.map((c) => reencode(c)))
    : node.source.subarray(node.contentStart, node.contentEnd);
  return Buffer.concat([header, encodeLength(body.length), body]);
}
