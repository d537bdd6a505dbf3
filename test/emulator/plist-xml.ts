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
// Every string ILLEGAL_XML_CHAR can match has one of these; most strings have none, and this
// simple class is much cheaper to test than the full expression.
// eslint-disable-next-line no-control-regex
const MAYBE_ILLEGAL = /[\0-\x08\x0B\f\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

function text(value: string): string {
  const illegal = MAYBE_ILLEGAL.test(value) ? ILLEGAL_XML_CHAR.exec(value) : null;
  if (illegal) throw new Error(`Invalid character in string: ${value} at index ${illegal.index}`);
  // xmlbuilder's textEscape: &, <, > and CR (as &#xD;, so it survives end-of-line normalisation).
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

// Indentation by depth, made once: a reply is written at depths 1-6.
const PADS: string[] = [];
function padOf(depth: number): string {
  return (PADS[depth] ??= '\n' + '  '.repeat(depth));
}

function leaf(pad: string, tag: string, content: string): string {
  return content === '' ? `${pad}<${tag}/>` : `${pad}<${tag}>${content}</${tag}>`;
}

function bytesOf(value: ArrayBuffer | ArrayBufferView): Buffer {
  return value instanceof ArrayBuffer ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * The text of one value at `depth` ('' when it writes nothing: undefined, null, functions).
 * String concatenation rather than an array of parts: V8 joins the pieces once, when the Buffer is made.
 */
function walk(value: unknown, depth: number): string {
  if (value === undefined || value === null) return '';
  const pad = padOf(depth);
  switch (typeof value) {
    case 'string':
      return leaf(pad, 'string', text(value));
    case 'number':
      return leaf(pad, value % 1 === 0 ? 'integer' : 'real', value.toString());
    case 'boolean':
      return value ? `${pad}<true/>` : `${pad}<false/>`;
    case 'bigint':
      return leaf(pad, 'integer', value.toString());
    case 'object':
      break;
    default:
      // Anything else (functions, symbols) plist.build leaves out too.
      return '';
  }
  if (Array.isArray(value)) {
    let items = '';
    for (const item of value) items += walk(item, depth + 1);
    // Items that write nothing (undefined, null) leave an empty element, as in xmlbuilder.
    return items === '' ? `${pad}<array/>` : `${pad}<array>${items}${pad}</array>`;
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return leaf(pad, 'data', bytesOf(value).toString('base64'));
  if (value instanceof Date) return leaf(pad, 'date', new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  const inner = padOf(depth + 1);
  let entries = '';
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || v === null) continue;
    entries += leaf(inner, 'key', text(key)) + walk(v, depth + 1);
  }
  return entries === '' ? `${pad}<dict/>` : `${pad}<dict>${entries}${pad}</dict>`;
}

/** The XML plist text for a dictionary or array, as plist.build(value) writes it. */
export function buildXmlPlist(value: Record<string, unknown> | unknown[]): string {
  return `${HEADER}${walk(value, 1)}\n</plist>`;
}
