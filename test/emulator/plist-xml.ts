/**
 * XML plist writer producing exactly the bytes `plist.build` (plist 5, over xmlbuilder) does:
 * same header and DOCTYPE, two-space indentation, the same escapes, the same element for every
 * JavaScript value. The plist package builds a DOM per message first, which was most of the
 * virtual cart's CPU under a full cart (issue 14 profile); writing the text directly keeps the
 * wire format byte for byte (plist-codec.test.ts compares both on a corpus).
 * Deliberately not electron/device/plist-xml-writer.ts: the emulator plays the device side
 * independently, so it must never share the station's codec it is there to judge.
 */

const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">';

// XML 1.0 Char production; xmlbuilder's assertLegalChar refuses the same code points (control
// characters are the point of this expression).
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML_CHAR = /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
const NEEDS_ESCAPE = /[&<>\r]/;

function text(value: string): string {
  const illegal = ILLEGAL_XML_CHAR.exec(value);
  if (illegal) throw new Error(`Invalid character in string: ${value} at index ${illegal.index}`);
  // xmlbuilder's textEscape: &, <, > and CR (as &#xD;, so it survives end-of-line normalisation).
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

function leaf(out: string[], pad: string, tag: string, content: string): void {
  out.push(content === '' ? `\n${pad}<${tag}/>` : `\n${pad}<${tag}>${content}</${tag}>`);
}

function bytesOf(value: ArrayBuffer | ArrayBufferView): Buffer {
  return value instanceof ArrayBuffer ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function walk(value: unknown, out: string[], depth: number): void {
  const pad = '  '.repeat(depth);
  if (value === undefined) return;
  if (Array.isArray(value)) {
    const open = out.push(`\n${pad}<array>`);
    for (const item of value) walk(item, out, depth + 1);
    // Items that write nothing (undefined, null) leave an empty element, as in xmlbuilder.
    if (out.length === open) out[open - 1] = `\n${pad}<array/>`;
    else out.push(`\n${pad}</array>`);
    return;
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return leaf(out, pad, 'data', bytesOf(value).toString('base64'));
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    if (entries.length === 0) return leaf(out, pad, 'dict', '');
    out.push(`\n${pad}<dict>`);
    const inner = `${pad}  `;
    for (const [key, v] of entries) {
      leaf(out, inner, 'key', text(key));
      walk(v, out, depth + 1);
    }
    out.push(`\n${pad}</dict>`);
    return;
  }
  if (typeof value === 'number') return leaf(out, pad, value % 1 === 0 ? 'integer' : 'real', value.toString());
  if (typeof value === 'bigint') return leaf(out, pad, 'integer', value.toString());
  if (value instanceof Date) return leaf(out, pad, 'date', new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  if (typeof value === 'boolean') return leaf(out, pad, value ? 'true' : 'false', '');
  if (typeof value === 'string') return leaf(out, pad, 'string', text(value));
  // Anything else (null at the top, functions, symbols) plist.build leaves out too.
}

/** The XML plist text for a dictionary or array, as plist.build(value) writes it. */
export function buildXmlPlist(value: Record<string, unknown> | unknown[]): string {
  const out: string[] = [HEADER];
  walk(value, out, 1);
  out.push('\n</plist>');
  return out.join('');
}
