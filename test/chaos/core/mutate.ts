import { walkDer } from './der.js';
import type { Rng } from './rng.js';

/**
 * Seeded mutations of valid inputs. Each function is pure given the Rng: the same seed gives the
 * same bytes, so a failing fuzz case is reproduced from its (seed, target, index) alone.
 */

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0x31, 0x04, 0x02, 0x06, 0xa0];

/** Byte-level mutations for any binary input. */
export function mutateBytes(input: Buffer, rng: Rng, rounds = rng.int(1, 4)): Buffer {
  let b: Buffer = Buffer.from(input);
  for (let r = 0; r < rounds; r++) b = mutateBytesOnce(b, rng);
  return b;
}

function mutateBytesOnce(b: Buffer, rng: Rng): Buffer {
  if (b.length === 0) return rng.bytes(rng.int(0, 16));
  const at = rng.int(0, b.length - 1);
  switch (rng.int(0, 8)) {
    case 0: {
      const c = Buffer.from(b);
      c[at] = (c[at] as number) ^ (1 << rng.int(0, 7));
      return c;
    }
    case 1: {
      const c = Buffer.from(b);
      c[at] = rng.pick(INTERESTING_BYTES);
      return c;
    }
    case 2:
      return b.subarray(0, at); // truncate
    case 3:
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + rng.int(1, 64)))]); // delete a range
    case 4:
      return Buffer.concat([b.subarray(0, at), rng.bytes(rng.int(1, 32)), b.subarray(at)]); // insert noise
    case 5: {
      const len = rng.int(1, Math.min(256, b.length - at));
      return Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]); // duplicate a range
    }
    case 6: {
      const c = Buffer.from(b);
      const width = rng.pick([2, 4]);
      if (at + width <= c.length) c.writeUIntBE(rng.pick([0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff]) % 2 ** (8 * width), at, width);
      return c;
    }
    case 7:
      return Buffer.concat([b, rng.bytes(rng.int(1, 16))]); // trailing garbage
    default: {
      const c = Buffer.from(b);
      const len = rng.int(1, Math.min(32, c.length - at));
      for (let i = 0; i < len; i++) c[at + i] = rng.int(0, 255);
      return c;
    }
  }
}

/** DER-aware mutations: lengths, tags and whole elements, plus plain byte noise now and then. */
export function mutateDer(input: Buffer, rng: Rng, rounds = rng.int(1, 3)): Buffer {
  let b: Buffer = Buffer.from(input);
  for (let r = 0; r < rounds; r++) {
    const tlvs = walkDer(b);
    if (tlvs.length === 0 || rng.chance(0.25)) {
      b = mutateBytes(b, rng, 1);
      continue;
    }
    const t = rng.pick(tlvs);
    const c = Buffer.from(b);
    switch (rng.int(0, 5)) {
      case 0: // a length off by a little, or wildly
        if (t.lengthBytes === 1) c[t.length] = rng.pick([0x00, 0x7f, 0x80, 0x81, 0x84, ((c[t.length] as number) + rng.pick([1, 255])) & 0x7f]);
        else c[t.length + rng.int(1, t.lengthBytes - 1)] = rng.int(0, 255);
        b = c;
        break;
      case 1: // another tag
        c[t.tag] = rng.pick([0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x30, 0x31, 0xa0, 0xa1, 0x80, 0x00]);
        b = c;
        break;
      case 2: // drop the element
        b = Buffer.concat([b.subarray(0, t.tag), b.subarray(t.contents + t.size)]);
        break;
      case 3: // repeat the element
        b = Buffer.concat([b.subarray(0, t.contents + t.size), b.subarray(t.tag, t.contents + t.size), b.subarray(t.contents + t.size)]);
        break;
      case 4: // empty the contents, keep the header honest
        b = Buffer.concat([b.subarray(0, t.tag), Buffer.from([b[t.tag] as number, 0]), b.subarray(t.contents + t.size)]);
        break;
      default: // a small integer becomes a huge one (iteration counts, versions)
        if (b[t.tag] === 0x02 && t.size <= 4) {
          const big = Buffer.from([0x02, 0x04, 0x7f, 0xff, 0xff, rng.int(0, 255)]);
          b = Buffer.concat([b.subarray(0, t.tag), big, b.subarray(t.contents + t.size)]);
        } else b = mutateBytes(b, rng, 1);
    }
  }
  return b;
}

const TEXT_TOKENS = [
  '<', '>', '&', '&amp;', '&#0;', '&#xFFFF;', '<!--', ']]>', '<![CDATA[', '<dict>', '</dict>', '<array/>', '<key>', '</key>', '<string>', '<integer>',
  '99999999999999999999999', '-1', 'NaN', '<data>', '@@@', '<date>2024-13-45T99:99:99Z</date>', '<real>1e400</real>', '<true/>',
  '"', '""', ',', ';', '|', '\r\n', '\n', '\r', '\t', '\u0000', '\uFEFF', '\uD800', '\u202E', 'é', '𝕏', '=cmd|\' /C calc\'!A0',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', '%s%n', '${x}', '{{x}}', '\\', '/', '../..', ' '.repeat(200), 'x'.repeat(5000),
];

/** Text-level mutations for XML plists and CSVs: tokens that parsers choke on, cuts and splices. */
export function mutateText(input: string, rng: Rng, rounds = rng.int(1, 4)): string {
  let s = input;
  for (let r = 0; r < rounds; r++) {
    const at = s.length === 0 ? 0 : rng.int(0, s.length);
    switch (rng.int(0, 6)) {
      case 0:
        s = s.slice(0, at) + rng.pick(TEXT_TOKENS) + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(Math.min(s.length, at + rng.int(1, 40)));
        break;
      case 2:
        s = s.slice(0, at);
        break;
      case 3: {
        const len = rng.int(1, Math.min(400, Math.max(1, s.length - at)));
        s = s.slice(0, at + len) + s.slice(at, at + len) + s.slice(at + len);
        break;
      }
      case 4: {
        // swap two lines (CSV rows, XML elements on their own lines)
        const lines = s.split('\n');
        if (lines.length > 1) {
          const i = rng.int(0, lines.length - 1);
          const j = rng.int(0, lines.length - 1);
          [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
          s = lines.join('\n');
        }
        break;
      }
      case 5:
        s = s.slice(0, at) + String.fromCharCode(rng.int(0, 0xffff)) + s.slice(at + 1);
        break;
      default:
        s = s.slice(0, at) + rng.pick(TEXT_TOKENS).repeat(rng.int(2, 50)) + s.slice(at);
    }
  }
  return s;
}
