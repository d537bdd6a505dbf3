/**
 * A fast path for reading the XML plists hosts send (libplist's and the plist package's output):
 * one pass over the text, no DOM. It accepts only a strict subset (one root value, the plist
 * elements without attributes, whitespace between elements, the five XML entities and character
 * references) and answers exactly what `plist.parse` does for it; for anything else (comments,
 * CDATA, <null/>, odd dictionaries, stray text, malformed input) it answers UNSUPPORTED and the
 * caller uses plist.parse, so unusual input gets the reference answer or error
 * (plist-codec.test.ts compares both on a corpus). Deliberately not electron/device/plist-xml-reader.ts:
 * the emulator plays the device side independently and must not share the station's codec.
 */

export const UNSUPPORTED = Symbol('unsupported plist construct');

class Unsupported extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PROLOGUE = /^\s*(?:<\?xml[^?<>]*\?>\s*)?(?:<!DOCTYPE plist[^<>[\]]*>\s*)?<plist(?:\s+[a-z]+="[^"<>&]*")*\s*>/;

function decodeText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&<>\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Unsupported();
    const known = ENTITIES[name];
    if (known !== undefined) return known;
    const code = /^#x([0-9a-fA-F]{1,6})$/.exec(name)?.[1] ?? (/^#([0-9]{1,7})$/.exec(name) ? name.slice(1) : undefined);
    if (code === undefined) throw new Unsupported();
    const point = Number.parseInt(code, name.startsWith('#x') ? 16 : 10);
    const legal = point === 0x09 || point === 0x0a || point === 0x0d || (point >= 0x20 && point <= 0x10ffff && !(point >= 0xd800 && point <= 0xdfff) && point !== 0xfffe && point !== 0xffff);
    if (!legal) throw new Unsupported();
    return String.fromCodePoint(point);
  });
}

/** atob's forgiving base64 (what plist.parse uses), over Buffer's decoder. */
function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw new Unsupported();
  const core = compact.length % 4 === 0 ? compact.replace(/={1,2}$/, '') : compact;
  if (core.includes('=') || core.length % 4 === 1) throw new Unsupported();
  return Buffer.from(core, 'base64');
}

class Reader {
  pos = 0;
  constructor(private readonly xml: string) {}

  skipSpace(): void {
    while (this.pos < this.xml.length) {
      const c = this.xml.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x09) return;
      this.pos++;
    }
  }

  /** `<name>` or `<name/>`: the name and whether it was empty. */
  openTag(): { name: string; empty: boolean } {
    this.skipSpace();
    if (this.xml.charCodeAt(this.pos) !== 0x3c) throw new Unsupported();
    const end = this.xml.indexOf('>', this.pos);
    if (end < 0) throw new Unsupported();
    const inner = this.xml.slice(this.pos + 1, end);
    this.pos = end + 1;
    const empty = inner.endsWith('/');
    const name = empty ? inner.slice(0, -1) : inner;
    if (!/^[a-z]+$/.test(name)) throw new Unsupported();
    return { name, empty };
  }

  /** The raw text up to `</name>`, consuming the closing tag. */
  textUntilClose(name: string): string {
    const close = `</${name}>`;
    const end = this.xml.indexOf(close, this.pos);
    if (end < 0) throw new Unsupported();
    const raw = this.xml.slice(this.pos, end);
    if (raw.includes('<') || raw.includes(']]>')) throw new Unsupported();
    this.pos = end + close.length;
    return raw;
  }

  /** True (and consumed) when the next thing is `</name>`. */
  closes(name: string): boolean {
    this.skipSpace();
    const close = `</${name}>`;
    if (!this.xml.startsWith(close, this.pos)) return false;
    this.pos += close.length;
    return true;
  }

  value(): unknown {
    const { name, empty } = this.openTag();
    switch (name) {
      case 'dict':
        return empty ? {} : this.dict();
      case 'array':
        return empty ? [] : this.array();
      case 'true':
      case 'false':
        if (!empty) this.expectClose(name);
        return name === 'true';
      case 'key':
      case 'string':
        return empty ? '' : decodeText(this.textUntilClose(name));
      case 'integer': {
        if (empty) throw new Unsupported();
        const text = decodeText(this.textUntilClose(name));
        if (text === '') throw new Unsupported();
        return Number.parseInt(text, 10);
      }
      case 'real': {
        if (empty) throw new Unsupported();
        const text = decodeText(this.textUntilClose(name));
        if (text === '') throw new Unsupported();
        return Number.parseFloat(text);
      }
      case 'data':
        return decodeBase64(empty ? '' : decodeText(this.textUntilClose(name)));
      case 'date': {
        if (empty) throw new Unsupported();
        const text = decodeText(this.textUntilClose(name));
        if (text === '') throw new Unsupported();
        return new Date(text);
      }
      default:
        throw new Unsupported();
    }
  }

  private expectClose(name: string): void {
    if (!this.closes(name)) throw new Unsupported();
  }

  private dict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (!this.closes('dict')) {
      const start = this.pos;
      const { name } = this.openTag();
      if (name !== 'key') throw new Unsupported();
      this.pos = start;
      const key = this.value() as string;
      if (key === '__proto__') throw new Unsupported();
      if (this.closes('dict')) throw new Unsupported(); // a key without a value
      const valueStart = this.pos;
      if (this.openTag().name === 'key') throw new Unsupported();
      this.pos = valueStart;
      out[key] = this.value();
    }
    return out;
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    while (!this.closes('array')) out.push(this.value());
    return out;
  }
}

/** The value of an XML plist document, as plist.parse gives it (data as Buffers), or UNSUPPORTED. */
export function readXmlPlist(xml: string): unknown {
  // Raw CR is normalised by XML parsers; leave line-ending questions to the reference parser.
  if (xml.includes('\r')) return UNSUPPORTED;
  const prologue = PROLOGUE.exec(xml);
  if (!prologue) return UNSUPPORTED;
  const reader = new Reader(xml);
  reader.pos = prologue[0].length;
  try {
    const value = reader.value();
    if (!reader.closes('plist')) return UNSUPPORTED;
    reader.skipSpace();
    return reader.pos === xml.length ? value : UNSUPPORTED;
  } catch (error) {
    if (error instanceof Unsupported) return UNSUPPORTED;
    throw error;
  }
}
