import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildProfile,
  buildProfileBytes,
  createSupervisionIdentity,
  decodeProfileBytes,
  encodePlist,
  inspectProfile,
  loadProfileSpec,
  parseRestrictionAssignment,
  signProfile,
  validateProfile,
  type ProfileSpec,
} from '../../../electron/profiles/index.js';
import { openssl, pythonPlist, scratchDir, writeScratch } from './tools.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'profiles');
const fixture = (name: string): Buffer => readFileSync(join(fixtures, name));

function caCertificate(): Buffer {
  const dir = scratchDir();
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${dir}/k.pem`, '-out', `${dir}/ca.pem`, '-subj', '/CN=Example Root CA', '-days', '30']);
  return readFileSync(`${dir}/ca.pem`);
}

const spec: ProfileSpec = {
  identifier: 'com.example.cart',
  displayName: 'Cart',
  organization: 'Example Org',
  removalDisallowed: true,
  payloads: [
    { kind: 'wifi', ssid: 'CartNet', password: 'correct-horse' },
    { kind: 'restrictions', settings: { allowCamera: false, ratingRegion: 'us' } },
    { kind: 'webclip', url: 'https://help.example.com', label: 'Help', icon: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    { kind: 'webclip', url: 'https://status.example.com', label: 'Status' },
    { kind: 'homeScreenLayout', dock: ['com.apple.mobilesafari'], pages: [['com.apple.Preferences']] },
    { kind: 'raw', payload: { PayloadType: 'com.apple.proxy.http.global', ProxyType: 'Auto', ProxyPACURL: 'https://proxy.example.com/pac' } },
  ],
};

describe('profile builder', () => {
  it('is deterministic: the same spec gives byte-identical profiles; a change gives new UUIDs', () => {
    const a = buildProfileBytes(spec);
    expect(buildProfileBytes(spec)).toEqual(a);
    const changed = buildProfile({ ...spec, payloads: [{ kind: 'wifi', ssid: 'OtherNet', password: 'correct-horse' }, ...spec.payloads.slice(1)] });
    const original = buildProfile(spec);
    expect(changed.PayloadUUID).not.toBe(original.PayloadUUID);
    const uuids = (p: typeof original): unknown[] => (p.PayloadContent as { PayloadUUID: string }[]).map((x) => x.PayloadUUID);
    expect(uuids(changed)[1]).toBe(uuids(original)[1]); // unchanged payloads keep their UUID
    expect((original.PayloadContent as { PayloadIdentifier: string }[]).map((p) => p.PayloadIdentifier)).toEqual([
      'com.example.cart.wifi',
      'com.example.cart.restrictions',
      'com.example.cart.webclip',
      'com.example.cart.webclip.2',
      'com.example.cart.homescreen',
      'com.example.cart.global',
    ]);
  });

  it.each(['xml', 'binary'] as const)("Python's plistlib parses the %s profile with the right types", (format) => {
    const path = writeScratch(scratchDir(), `p.${format}`, buildProfileBytes({ ...spec, payloads: [...spec.payloads, { kind: 'certificate', certificate: caCertificate() }] }, format));
    const parsed = pythonPlist(path) as { PayloadContent: Record<string, unknown>[]; PayloadRemovalDisallowed: boolean; PayloadVersion: number };
    expect(parsed).toMatchObject({ PayloadType: 'Configuration', PayloadIdentifier: 'com.example.cart', PayloadRemovalDisallowed: true, PayloadVersion: 1 });
    expect(parsed.PayloadContent[0]).toMatchObject({ PayloadType: 'com.apple.wifi.managed', SSID_STR: 'CartNet', EncryptionType: 'WPA2', AutoJoin: true });
    expect(parsed.PayloadContent[1]).toMatchObject({ allowCamera: false });
    expect(parsed.PayloadContent[2]).toMatchObject({ Icon: 'iVBORw==' });
    expect(parsed.PayloadContent[6]).toMatchObject({ PayloadType: 'com.apple.security.root', PayloadContent: expect.any(String) });
  });

  it('builds from a JSON spec with file references and template pass-through', () => {
    const built = buildProfile(loadProfileSpec(join(fixtures, 'staging-spec.json')));
    const types = (built.PayloadContent as { PayloadType: string; PayloadUUID: string }[]).map((p) => p.PayloadType);
    expect(types).toEqual(['com.apple.wifi.managed', 'com.apple.applicationaccess', 'com.apple.webClip.managed', 'com.apple.homescreenlayout', 'com.apple.security.scep', 'com.apple.mdm']);
    expect((built.PayloadContent as { PayloadUUID: string }[])[5]?.PayloadUUID).toBe('9F8E7D6C-2222-4333-8444-555566667777');
  });

  it('gives clear errors for bad input', () => {
    expect(() => buildProfile({ ...spec, identifier: 'nodots' })).toThrow(expect.objectContaining({ code: 'SPEC_INVALID' }));
    expect(() => buildProfile({ ...spec, payloads: [{ kind: 'wifi', ssid: 'x', security: 'WPA2' }] })).toThrow(/needs a password/);
    expect(() => parseRestrictionAssignment('allowCamera=maybe')).toThrow(/true or false/);
    expect(parseRestrictionAssignment('maxInactivity=5')).toEqual(['maxInactivity', 5]);
    expect(() => buildProfile({ ...spec, payloads: [{ kind: 'raw', payload: { PayloadType: 'com.apple.applicationaccess', allowCamera: 'no' } }] })).toThrow(
      /allowCamera should be a boolean, not a string/,
    );
  });
});

describe('profile validation and inspection', () => {
  it('names each problem: missing PayloadUUID, wrong types', () => {
    const inspection = inspectProfile(fixture('missing-payload-uuid.mobileconfig'));
    expect(inspection.valid).toBe(false);
    expect(inspection.issues).toEqual(
      expect.arrayContaining([
        { path: 'PayloadUUID', message: 'is missing' },
        { path: 'PayloadContent[0] (com.apple.wifi.managed).PayloadUUID', message: 'is missing' },
        { path: 'PayloadContent[0] (com.apple.wifi.managed).PayloadVersion', message: 'should be a number, not a string' },
      ]),
    );
    expect(validateProfile({ PayloadType: 'Wrong' })).toContainEqual({ path: 'PayloadType', message: 'should be "Configuration", not "Wrong"' });
  });

  it('reads XML, binary and signed enrollment profiles and finds the MDM payload and its identity', async () => {
    const xml = fixture('mdm-enrollment.mobileconfig');
    const binary = encodePlist(decodeProfileBytes(xml).plist, 'binary');
    const signed = signProfile(xml, await createSupervisionIdentity({ organization: 'Example MDM', keyType: 'p256' }));
    for (const [bytes, format, isSigned] of [[xml, 'xml', false], [binary, 'binary', false], [signed, 'xml', true]] as const) {
      const inspection = inspectProfile(bytes);
      expect(inspection).toMatchObject({ format, signed: isSigned, valid: true, identifier: 'com.example.mdm.enroll', removalDisallowed: false });
      expect(inspection.mdm).toEqual({
        serverUrl: 'https://mdm.example.com/mdm/connect',
        checkInUrl: 'https://mdm.example.com/mdm/checkin',
        topic: 'com.apple.mgmt.External.0c1d2e3f-aaaa-bbbb-cccc-ddddeeeeffff',
        identityCertificateUuid: '5A6B7C8D-1111-4222-8333-444455556666',
        identityPayloadType: 'com.apple.security.scep',
        accessRights: 8191,
        signMessage: true,
        checkOutWhenRemoved: true,
      });
    }
  });

  it('refuses what is not a profile', () => {
    expect(() => inspectProfile(Buffer.from('hello'))).toThrow(expect.objectContaining({ code: 'PROFILE_UNREADABLE' }));
    expect(() => inspectProfile(Buffer.from('bplist00garbage'))).toThrow(expect.objectContaining({ code: 'PROFILE_UNREADABLE' }));
  });
});
