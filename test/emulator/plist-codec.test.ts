import * as plist from 'plist';
import type { PlistValue } from 'plist';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from './lockdown/framing.js';
import { decodeDict, encodeXml } from './plist-codec.js';
import { buildXmlPlist } from './plist-xml.js';
import { readXmlPlist, UNSUPPORTED } from './plist-xml-read.js';
import { Rng } from './rng.js';
import { encodePlistPacket, plistPacket, writePlistPacket } from './usbmux/packet.js';

const STRINGS = ['', 'x', 'Cart A-07', 'a&b<c>d"e\'f', 'line\r\nbreak\ttab', 'ünïcödé 😀 中文', '<?xml?>', ']]>', '   spaced   '];

function randomValue(rng: Rng, depth: number): unknown {
  const pick = rng.int(0, depth > 3 ? 7 : 10);
  switch (pick) {
    case 0:
      return STRINGS[rng.int(0, STRINGS.length - 1)];
    case 1:
      return rng.int(-1_000_000, 1_000_000);
    case 2:
      return rng.int(-1000, 1000) / 8;
    case 3:
      return rng.int(0, 1) === 1;
    case 4:
      return Buffer.from(Array.from({ length: rng.int(0, 80) }, () => rng.int(0, 255)));
    case 5:
      return new Date(Date.UTC(2020, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59), rng.int(0, 59)));
    case 6:
      return `s${rng.int(0, 99999)}`;
    case 7:
      return undefined;
    case 8:
    case 9:
      return Array.from({ length: rng.int(0, 4) }, () => randomValue(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(0, 5); i > 0; i--) out[STRINGS[rng.int(0, STRINGS.length - 1)]! + String(i)] = randomValue(rng, depth + 1);
      return out;
    }
  }
}

describe('XML plist writer (plist-xml.ts) against plist.build', () => {
  it('writes the same bytes on edge cases', () => {
    const cases: (Record<string, unknown> | unknown[])[] = [
      {},
      [],
      [undefined, null],
      { a: '', b: {}, c: [], d: [1, 2.5, -0, 1e21, Number.NaN, 2n ** 70n], e: Buffer.alloc(0), f: new Uint8Array([1, 2, 3]), g: null, h: undefined, i: true, j: false },
      { '': 'empty key', 'a&b': 'escaped key', nested: { deeper: { deepest: [[{}]] } } },
      { MessageType: 'Result', Number: 0 },
      { Request: 'StartSession', SessionID: 'F00D', EnableSessionSSL: true },
      { when: new Date('2026-12-03T10:11:12.345Z') },
    ];
    for (const value of cases) expect(buildXmlPlist(value)).toBe(plist.build(value as PlistValue));
  });

  it('writes the same bytes on 500 random dictionaries and arrays', () => {
    const rng = new Rng('plist-xml-corpus');
    for (let i = 0; i < 500; i++) {
      const value = i % 5 === 0 ? [randomValue(rng, 1), randomValue(rng, 1)] : { Request: 'GetValue', Value: randomValue(rng, 0), Other: randomValue(rng, 1) };
      expect(buildXmlPlist(value)).toBe(plist.build(value as PlistValue));
    }
  });

  it('refuses characters XML cannot carry, as xmlbuilder does', () => {
    expect(() => plist.build({ a: '\u0001' })).toThrow(/Invalid character/);
    expect(() => buildXmlPlist({ a: '\u0001' })).toThrow(/Invalid character/);
    expect(() => buildXmlPlist({ '\uFFFF': 'x' })).toThrow(/Invalid character/);
  });
});

/** The reference answer, with <data> as Buffers as the emulator stores it. */
function reference(xml: string): unknown {
  const toBuffers = (v: unknown): unknown =>
    v instanceof Uint8Array ? Buffer.from(v) : Array.isArray(v) ? v.map(toBuffers) : v !== null && typeof v === 'object' && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toBuffers(x)])) : v;
  return toBuffers(plist.parse(xml));
}

/** libplist's layout: tab indentation from the dict, <data> wrapped on lines of its own. */
function libplistStyle(xml: string): string {
  return xml
    .split('\n')
    .map((line) => {
      const spaces = /^ */.exec(line)![0].length;
      const tabs = '\t'.repeat(Math.max(0, spaces / 2 - 1));
      const body = line.slice(spaces).replace(/^<data>(.+)<\/data>$/, (_, b64: string) => `<data>\n${tabs}${b64.match(/.{1,60}/g)!.join(`\n${tabs}`)}\n${tabs}</data>`);
      return tabs + body;
    })
    .join('\n');
}

describe('one-pass XML plist reader (plist-xml-read.ts) against plist.parse', () => {
  it('reads what the plist package and libplist write exactly as plist.parse does', () => {
    const rng = new Rng('plist-read-corpus');
    for (let i = 0; i < 400; i++) {
      const value = { Request: 'SetValue', Value: randomValue(rng, 0), More: [randomValue(rng, 1), randomValue(rng, 2)] };
      for (const xml of [plist.build(value as PlistValue), libplistStyle(plist.build(value as PlistValue))]) {
        const fast = readXmlPlist(xml);
        expect(fast, xml).not.toBe(UNSUPPORTED);
        expect(fast, xml).toEqual(reference(xml));
      }
    }
  });

  it('reads entities and character references as plist.parse does', () => {
    const xml = plist.build({ a: 'x' }).replace('<string>x</string>', '<string>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#xD;&#10;</string>');
    expect(readXmlPlist(xml)).toEqual(reference(xml));
    expect(readXmlPlist(xml)).toEqual({ a: '&<>"\'AB\r\n' });
  });

  it('leaves anything outside its subset to plist.parse', () => {
    const base = plist.build({ Request: 'QueryType', Data: Buffer.from('abc') });
    const unusual = [
      base.replace('<dict>', '<!-- c --><dict>'),
      base.replace('<string>QueryType</string>', '<string><![CDATA[QueryType]]></string>'),
      base.replace('<string>QueryType</string>', '<null/>'),
      base.replace('<key>Data</key>', '<key>Data</key><key>Extra</key>'),
      base.replace('QueryType', 'Query&nbsp;Type'),
      base.replace('QueryType', 'Query\r\nType'),
      base.replace('<data>YWJj</data>', '<data>YW*j</data>'),
      base.replace('</dict>', 'stray text</dict>'),
      base.replace('<dict>', '<dict kind="x">'),
      '{ Request = QueryType; }',
      '<plist version="1.0"><dict><key>Request</key><str',
      `${base}<dict/>`,
      base.replace('<key>Request</key>', '<key>__proto__</key>'),
    ];
    for (const xml of unusual) expect(readXmlPlist(xml), xml).toBe(UNSUPPORTED);
  });
});

describe('plist decoding with the request cache', () => {
  it('gives every caller its own copy of a repeated request', () => {
    const bytes = encodeXml({ Request: 'Pair', PairRecord: { HostCertificate: Buffer.from('cert'), HostID: 'H' }, List: [1, 'two'] });
    const first = decodeDict(bytes);
    (first.PairRecord as { HostCertificate: Buffer }).HostCertificate[0] = 0x58;
    (first.List as unknown[]).push('mutated');
    const second = decodeDict(bytes);
    expect(second).toEqual({ Request: 'Pair', PairRecord: { HostCertificate: Buffer.from('cert'), HostID: 'H' }, List: [1, 'two'] });
    expect(Buffer.isBuffer((second.PairRecord as { HostCertificate: unknown }).HostCertificate)).toBe(true);
  });

  it('still refuses garbage every time', () => {
    const garbage = Buffer.from('<plist version="1.0"><dict><key>Request</key><str', 'utf8');
    expect(() => decodeDict(garbage)).toThrow();
    expect(() => decodeDict(garbage)).toThrow();
    expect(() => decodeDict(encodeXml(['not', 'a', 'dict']))).toThrow(/not a dictionary/);
  });
});

describe('framed replies built in one Buffer', () => {
  const body = { Request: 'GetValue', Value: { DeviceName: 'Cart A-07 ünï', Key: Buffer.from('key'), List: [1, 2.5, true] } };
  const xml = Buffer.from(plist.build(body as PlistValue), 'utf8');

  it('lockdown frames: 4-byte big-endian length, then the plist', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(xml.length, 0);
    expect(encodeFrame(body)).toEqual(Buffer.concat([header, xml]));
  });

  it('usbmuxd packets: the same bytes whether encoded whole, around a payload, or written corked', async () => {
    const expected = plistPacket(7, xml);
    expect(expected.readUInt32LE(0)).toBe(16 + xml.length);
    expect(encodePlistPacket(7, body)).toEqual(expected);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    writePlistPacket(sink, 7, xml);
    sink.end();
    await new Promise((r) => sink.once('end', r));
    expect(Buffer.concat(chunks)).toEqual(expected);
  });
});
