import { parse } from 'plist';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromXml, toXml } from '../../../electron/device/plist.js';
import { NOT_PLAIN, readPlainXmlPlist } from '../../../electron/device/plist-xml-reader.js';

// The station's direct reader must give what plist.parse gives, and hand everything it does not
// read plainly back to it (fromXml then parses with the plist package).
const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">';
const doc = (body: string) => `${HEADER}${body}</plist>`;
const withBuffers = (v: unknown): unknown => {
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (Array.isArray(v)) return v.map(withBuffers);
  if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withBuffers(x)]));
  return v;
};

const plain: [string, string][] = [
  [
    'a usbmuxd ListDevices reply',
    toXml({
      DeviceList: Array.from({ length: 3 }, (_, i) => ({
        DeviceID: i + 1,
        MessageType: 'Attached',
        Properties: { ConnectionSpeed: 480000000, ConnectionType: 'USB', LocationID: 0x14100000 + i, SerialNumber: `00008030001A2B3C4D5E6F7${i}` },
      })),
    }),
  ],
  [
    'a pair record with every value type',
    toXml({ DeviceCertificate: Buffer.from('-----BEGIN CERTIFICATE-----\n'.repeat(20)), HostID: 'ABC', When: new Date('2026-01-01T00:00:00Z'), Escrow: true, Off: false, Speed: -1.25, Empty: '', List: [], Nested: [[1, 2], { x: {} }], Text: 'a & b < c > d " \' é 😀' }),
  ],
  ['character references and null', doc('<dict><key>k</key><string>&#x41;&#66;&amp;&quot;</string><key>n</key><null/><key>a</key><array><null/><integer>5</integer></array></dict>')],
  ['whitespace kept inside strings, empty strings', doc('<dict><key>k</key><string>  spaced  </string><key>e</key><string></string><key>f</key><string/></dict>')],
  ['wrapped base64 data', doc('<dict><key>k</key><data>\n\taGVs\n\tbG8=\n</data></dict>')],
  ['an empty document', doc('')],
  ['reals in exponent form', doc('<dict><key>k</key><real>1e5</real><key>j</key><real>-2.50</real></dict>')],
];

const notPlain: [string, string][] = [
  ['CDATA', doc('<dict><key>k</key><string><![CDATA[x]]></string></dict>')],
  ['a comment', doc('<dict><!-- c --><key>k</key><true/></dict>')],
  ['a hexadecimal integer', doc('<dict><key>k</key><integer>0x10</integer></dict>')],
  ['an integer beyond 2^53', doc('<dict><key>k</key><integer>12345678901234567890</integer></dict>')],
  ['a key without a value', doc('<dict><key>k</key></dict>')],
  ['two values at the top', doc('<string>a</string><string>b</string>')],
  ['an unknown element', doc('<dict><key>x</key><foo/></dict>')],
  ['stray text', doc('<dict><key>k</key>stray<true/></dict>')],
  ['an entity the DTD would define', doc('<dict><key>k</key><string>a &unknown; b</string></dict>')],
  ['a CR line end', doc('<dict>\r\n<key>k</key><true/></dict>')],
];

describe('the direct XML plist reader', () => {
  it.each(plain)('reads %s as plist.parse does', (_, xml) => {
    const value = readPlainXmlPlist(xml);
    expect(value).not.toBe(NOT_PLAIN);
    expect(value).toEqual(withBuffers(parse(xml)));
    expect(fromXml(xml, { what: 'test' })).toEqual(value);
  });

  it.each(notPlain)('hands %s to the plist package', (_, xml) => {
    expect(readPlainXmlPlist(xml)).toBe(NOT_PLAIN);
    let expected: unknown;
    try {
      expected = withBuffers(parse(xml));
    } catch {
      expect(() => fromXml(xml, { what: 'test' })).toThrow(/unreadable test/);
      return;
    }
    expect(fromXml(xml, { what: 'test' })).toEqual(expected);
  });

  it('refuses a __proto__ key as plist.parse does', () => {
    const xml = doc('<dict><key>__proto__</key><string>x</string></dict>');
    expect(readPlainXmlPlist(xml)).toBe(NOT_PLAIN);
    expect(() => fromXml(xml, { what: 'test' })).toThrow(/unreadable test/);
  });

  it('reads a signed-profile payload fixture the same way', () => {
    const xml = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'profiles', 'mdm-enrollment.mobileconfig'), 'utf8');
    expect(fromXml(xml, { what: 'profile' })).toEqual(withBuffers(parse(xml)));
  });
});
