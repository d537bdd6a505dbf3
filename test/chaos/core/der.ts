/**
 * Just enough DER to aim mutations at structure: where each TLV's tag and length bytes sit. A
 * random byte flip in a PKCS#12 or CMS file almost always lands in key or signature bytes and
 * dies at the first check; changing a length or a tag reaches the parser's deeper paths.
 */
export interface TlvPosition {
  /** Offset of the tag byte. */
  tag: number;
  /** Offset of the first length byte. */
  length: number;
  /** How many length bytes (1 for short form). */
  lengthBytes: number;
  /** Offset and size of the contents. */
  contents: number;
  size: number;
}

const CONSTRUCTED = 0x20;

/** Walks the TLVs of a DER buffer (depth-first), stopping quietly at the first malformed one. */
export function walkDer(buf: Buffer, limit = 5_000): TlvPosition[] {
  const out: TlvPosition[] = [];
  const visit = (start: number, end: number, depth: number): void => {
    let at = start;
    while (at < end && out.length < limit && depth < 64) {
      const tag = at;
      if (((buf[tag] as number) & 0x1f) === 0x1f) return; // high-tag-number form: not used by PKCS#12/CMS
      const first = buf[at + 1];
      if (first === undefined) return;
      let size: number;
      let lengthBytes = 1;
      if (first < 0x80) size = first;
      else {
        const n = first & 0x7f;
        if (n === 0 || n > 4 || at + 1 + n >= end) return;
        size = 0;
        for (let i = 0; i < n; i++) size = size * 256 + (buf[at + 2 + i] as number);
        lengthBytes = 1 + n;
      }
      const contents = at + 1 + lengthBytes;
      if (contents + size > end) return;
      out.push({ tag, length: at + 1, lengthBytes, contents, size });
      if (((buf[tag] as number) & CONSTRUCTED) !== 0) visit(contents, contents + size, depth + 1);
      at = contents + size;
    }
  };
  visit(0, buf.length, 0);
  return out;
}
