/**
 * A direct reader for the XML plists the station receives as text (usbmuxd's ListDevices reply,
 * stored pair records, the activation server): the `plist` package builds an xmldom DOM first,
 * which cost 12–28 ms for a 100-device ListDevices reply on every hot-plug (issue 14 profile).
 *
 * It reads the plain shape libplist and the plist package write (dict, array, key, string, integer,
 * real, true, false, data, date, null; the five XML entities and character references) and gives
 * the values `plist.parse` gives. Anything else — comments, CDATA, a DOCTYPE with an internal
 * subset, CR line ends, numbers or base64 outside the plain forms, stray text — is not guessed at:
 * readPlainXmlPlist returns NOT_PLAIN and the caller hands the text to `plist.parse`.
 * (The virtual cart keeps its own reader, test/emulator/plist-xml-read.ts, so it never shares the
 * station's code it is there to judge.)
 */

export const NOT_PLAIN = Symbol('not a plain XML plist');

class NotPlain extends Error {}
const notPlain = (): never => {
  throw new NotPlain();
};

const TOKEN = /<[^>]*>|[^<]+/g;
const TAG = /^<(\/?)([a-z]+)(?:\s[^>]*?)?(\/?)>$/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#x([0-9a-fA-F]{1,6})|#([0-9]{1,7}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const INTEGER = /^-?\d{1,15}$/;
const REAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function unescape(text: string): string {
  if (!text.includes('&')) return text;
  // An ampersand that starts none of these is an entity the DTD would have to define.
  if (text.replace(ENTITY, '').includes('&')) notPlain();
  return text.replace(ENTITY, (_, name: string | undefined, hex: string | undefined, dec: string | undefined) => {
    if (name) return NAMED[name] as string;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0x10ffff ? notPlain() : String.fromCodePoint(code);
  });
}

interface Tag {
  close: boolean;
  name: string;
  empty: boolean;
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: string[]) {}

  /** The next tag, skipping whitespace between elements; text there is not a plain plist. */
  private tag(): Tag {
    for (;;) {
      const t = this.tokens[this.i++] ?? notPlain();
      if (t[0] !== '<') {
        if (t.trim() !== '') notPlain();
        continue;
      }
      const m = TAG.exec(t) ?? notPlain();
      return { close: m[1] === '/', name: m[2] as string, empty: m[3] === '/' };
    }
  }

  /** Text content up to the closing tag of `name` ('' when it closes at once). */
  private text(name: string): string {
    const t = this.tokens[this.i] ?? notPlain();
    if (t[0] !== '<') this.i++;
    const end = this.tag();
    if (!end.close || end.name !== name) notPlain();
    return t[0] === '<' ? '' : unescape(t);
  }

  value(open: Tag): unknown {
    const { name, empty } = open;
    if (open.close) notPlain();
    switch (name) {
      case 'dict': {
        const out: Record<string, unknown> = {};
        if (empty) return out;
        for (;;) {
          const k = this.tag();
          if (k.close && k.name === 'dict') return out;
          if (k.name !== 'key' || k.close) notPlain();
          const key = k.empty ? '' : this.text('key');
          if (key === '__proto__') notPlain();
          const v = this.tag();
          // A key without a value at the end reads as "" in plist.parse; not a plain shape here.
          if (v.close || v.name === 'key') notPlain();
          out[key] = this.value(v);
        }
      }
      case 'array': {
        const out: unknown[] = [];
        if (empty) return out;
        for (;;) {
          const t = this.tag();
          if (t.close && t.name === 'array') return out;
          const v = this.value(t);
          if (v !== null) out.push(v);
        }
      }
      case 'string':
      case 'key':
        return empty ? '' : this.text(name);
      case 'integer': {
        const s = empty ? notPlain() : this.text(name);
        return INTEGER.test(s) ? Number(s) : notPlain();
      }
      case 'real': {
        const s = empty ? notPlain() : this.text(name);
        return REAL.test(s) ? parseFloat(s) : notPlain();
      }
      case 'data': {
        const s = (empty ? '' : this.text(name)).replace(/\s+/g, '');
        return BASE64.test(s) && s.length % 4 === 0 ? Buffer.from(s, 'base64') : notPlain();
      }
      case 'date':
        return new Date(empty ? notPlain() : this.text(name));
      case 'true':
      case 'false':
      case 'null':
        if (!empty && this.text(name) !== '') notPlain();
        return name === 'null' ? null : name === 'true';
      default:
        return notPlain();
    }
  }

  /** `<plist>`: one value is the document's value; none reads as [] (as plist.parse does). */
  document(): unknown {
    const root = this.tag();
    if (root.name !== 'plist' || root.close) notPlain();
    if (root.empty) return this.end([]);
    const first = this.tag();
    if (first.close && first.name === 'plist') return this.end([]);
    const value = this.value(first);
    const close = this.tag();
    if (!close.close || close.name !== 'plist') notPlain();
    return this.end(value);
  }

  private end(value: unknown): unknown {
    while (this.i < this.tokens.length) if ((this.tokens[this.i++] as string).trim() !== '') notPlain();
    return value;
  }
}

/** The plist's value (data as Buffer), or NOT_PLAIN for anything beyond the plain shape. */
export function readPlainXmlPlist(xml: string): unknown {
  if (xml.includes('\r') || xml.includes('<!--') || xml.includes('<![')) return NOT_PLAIN;
  let body = xml.trimStart();
  if (body.startsWith('<?xml')) body = body.slice(body.indexOf('?>') + 2).trimStart();
  if (body.startsWith('<!DOCTYPE')) {
    const end = body.indexOf('>');
    if (end < 0 || body.slice(0, end).includes('[')) return NOT_PLAIN;
    body = body.slice(end + 1);
  }
  try {
    return new Reader(body.match(TOKEN) ?? []).document();
  } catch (e) {
    if (e instanceof NotPlain || e instanceof RangeError) return NOT_PLAIN;
    throw e;
  }
}
