import { build, type PlistValue } from 'plist';
import { describe, expect, it } from 'vitest';
import { toXml } from '../../../electron/device/plist.js';
import { writeXmlPlist } from '../../../electron/device/plist-xml-writer.js';
import { buildDeviceCertificate, encodePairRecord } from '../../../electron/device/pair-record.js';
import { createHostIdentity } from '../../../electron/device/host-identity.js';
import { generateKeyPairSync } from 'node:crypto';

// The direct writer must give plist.build's bytes: usbmuxd, libimobiledevice and the stand-in
// activation server have read exactly these.
const STRINGS = ['', 'x', 'Cart A-07', 'a&b<c>d"e\'f', 'line\r\nbreak\ttab', 'ünïcödé 😀 中文', '<?xml?>', ']]>', '   spaced   '];

function value(seed: number, depth: number): unknown {
  const pick = (seed * 7919 + depth * 104729) % (depth > 3 ? 8 : 11);
  const next = (k: number) => value((seed * 31 + k * 17 + 3) % 100003, depth + 1);
  switch (pick) {
    case 0:
      return STRINGS[seed % STRINGS.length];
    case 1:
      return (seed % 2000001) - 1000000;
    case 2:
      return ((seed % 2001) - 1000) / 8;
    case 3:
      return seed % 2 === 0;
    case 4:
      return Buffer.from(Array.from({ length: seed % 80 }, (_, i) => (seed + i * 13) % 256));
    case 5:
      return new Date(Date.UTC(2020, seed % 12, 1 + (seed % 28), seed % 24, seed % 60, (seed * 7) % 60));
    case 6:
      return undefined;
    case 7:
      return null;
    case 8:
    case 9:
      return Array.from({ length: seed % 4 }, (_, k) => next(k));
    default:
      return Object.fromEntries(Array.from({ length: seed % 5 }, (_, k) => [`${STRINGS[(seed + k) % STRINGS.length]}${k}`, next(k)]));
  }
}

describe('the direct XML plist writer', () => {
  it('writes plist.build bytes on edge cases', () => {
    const cases: (Record<string, unknown> | unknown[])[] = [
      {},
      [],
      [undefined, null],
      { a: '', b: {}, c: [], d: [1, 2.5, -0, 1e21, Number.NaN, 2n ** 70n], e: Buffer.alloc(0), f: new Uint8Array([1, 2, 3]), g: null, h: undefined, i: true, j: false },
      { '': 'empty key', 'a&b': 'escaped key', nested: { deeper: { deepest: [[{}]] } } },
      { MessageType: 'ListDevices', ClientVersionString: 'cartwright', kLibUSBMuxVersion: 3 },
      { when: new Date('2026-12-03T10:11:12.345Z') },
    ];
    for (const v of cases) expect(writeXmlPlist(v)).toBe(build(v as PlistValue));
  });

  it('writes plist.build bytes on 500 generated dictionaries and arrays', () => {
    for (let i = 0; i < 500; i++) {
      const v = i % 5 === 0 ? [value(i, 1), value(i + 1, 1)] : { Request: 'GetValue', Value: value(i, 0), Other: value(i * 3 + 1, 1) };
      expect(writeXmlPlist(v)).toBe(build(v as PlistValue));
    }
  });

  it('refuses a control character as plist.build does', () => {
    expect(() => writeXmlPlist({ bad: 'a\u0001b' })).toThrow(/Invalid character/);
    expect(() => build({ bad: 'a\u0001b' })).toThrow(/Invalid character/);
  });

  it('writes a pair record exactly as before', async () => {
    const identity = await createHostIdentity();
    const devicePublicKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'pkcs1', format: 'pem' });
    const parts = { identity, deviceCertificate: buildDeviceCertificate(identity, devicePublicKey), systemBuid: 'BUID', wifiAddress: 'aa:bb:cc:dd:ee:ff', escrowBag: Buffer.alloc(40, 9) };
    const record = encodePairRecord(parts).toString('utf8');
    expect(toXml({ a: undefined, b: 1 })).toBe(build({ b: 1 }));
    expect(record).toContain('<key>HostID</key>');
    expect(record).toBe(
      build({
        DeviceCertificate: Buffer.from(parts.deviceCertificate),
        HostCertificate: Buffer.from(identity.hostCertificatePem),
        HostPrivateKey: Buffer.from(identity.hostKeyPem),
        RootCertificate: Buffer.from(identity.rootCertificatePem),
        RootPrivateKey: Buffer.from(identity.rootKeyPem),
        SystemBUID: 'BUID',
        HostID: identity.hostId,
        EscrowBag: parts.escrowBag,
        WiFiMACAddress: parts.wifiAddress,
      }),
    );
  });
});
