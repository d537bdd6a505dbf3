import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildProfileBytes,
  certificateToPem,
  createSupervisionIdentity,
  inspectProfile,
  parseSignedData,
  signChallenge,
  signChallengeAsync,
  signProfile,
  verifySignedData,
  verifySignedProfile,
  type SupervisionIdentity,
} from '../../../electron/profiles/index.js';
import { openssl, opensslCmsContent, scratchDir, writeScratch } from './tools.js';

const profileBytes = buildProfileBytes({
  identifier: 'com.example.signing',
  displayName: 'Signed Wi-Fi',
  payloads: [{ kind: 'wifi', ssid: 'CartNet', password: 'correct-horse' }],
});

describe('CMS signing (§4.7) and profile verification', () => {
  const identities: Record<string, SupervisionIdentity> = {};
  beforeAll(async () => {
    identities.rsa2048 = await createSupervisionIdentity({ organization: 'Acme', keyType: 'rsa2048' });
    identities.p256 = await createSupervisionIdentity({ organization: 'Acme', keyType: 'p256' });
  });

  it.each(['rsa2048', 'p256'])('%s: openssl accepts a signed challenge and prints the challenge bytes', (keyType) => {
    const identity = identities[keyType] as SupervisionIdentity;
    const challenge = Buffer.from([0x00, 0xff, 0x10, 0x20, 0x7f, 0x80, 0x0d, 0x0a]); // 8 random-looking bytes, incl. CR LF
    const signed = signChallenge(challenge, identity);
    const dir = scratchDir();
    expect(opensslCmsContent(writeScratch(dir, 'challenge.der', signed))).toEqual(challenge);
    // What the device checks: the first certificate is the supervision certificate, the content is the challenge.
    const parts = parseSignedData(signed);
    expect(parts.certificates[0]?.equals(identity.certificate)).toBe(true);
    expect(parts.content).toEqual(challenge);
    expect(verifySignedData(signed).signerCertificate.equals(identity.certificate)).toBe(true);
  });

  it('signs one identity for many devices the same way every time (certificates parsed once, sent verbatim)', () => {
    const identity = identities.rsa2048 as SupervisionIdentity;
    const at = { signingTime: new Date('2031-05-06T07:08:09Z') };
    // RSA PKCS#1 v1.5 is deterministic: the same challenge and time give the same bytes.
    const first = signChallenge(Buffer.from('device 1'), identity, at);
    expect(signChallenge(Buffer.from('device 1'), identity, at).equals(first)).toBe(true);
    for (const challenge of ['device 2', 'device 3'].map((c) => Buffer.from(c))) {
      const parts = parseSignedData(signChallenge(challenge, identity, at));
      expect(parts.certificates[0]?.equals(identity.certificate)).toBe(true);
      expect(parts.content).toEqual(challenge);
    }
  });

  it.each(['rsa2048', 'p256'])('%s: the pool-thread signer (signChallengeAsync) writes what the inline one does', async (keyType) => {
    const identity = identities[keyType] as SupervisionIdentity;
    const at = { signingTime: new Date('2031-05-06T07:08:09Z') };
    const challenge = Buffer.from('device 7');
    const signed = await signChallengeAsync(challenge, identity, at);
    expect(opensslCmsContent(writeScratch(scratchDir(), 'async.der', signed))).toEqual(challenge);
    expect(verifySignedData(signed).signerCertificate.equals(identity.certificate)).toBe(true);
    // RSA PKCS#1 v1.5 is deterministic, so the two paths must agree byte for byte; ECDSA is not.
    if (keyType === 'rsa2048') expect(signed.equals(signChallenge(challenge, identity, at))).toBe(true);
    await expect(signChallengeAsync(Buffer.alloc(0), identity)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('signed attributes are the ones §4.7 lists, and the chain verifies against the identity as CA', () => {
    const identity = identities.rsa2048 as SupervisionIdentity;
    const dir = scratchDir();
    const signedPath = writeScratch(dir, 'c.der', signChallenge(Buffer.from('12345678'), identity));
    const printed = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', signedPath]).stdout.toString();
    for (const attr of ['contentType', 'signingTime', 'messageDigest', 'S/MIME Capabilities']) expect(printed).toContain(attr);
    const ca = writeScratch(dir, 'ca.pem', certificateToPem(identity.certificate));
    expect(openssl(['cms', '-verify', '-inform', 'DER', '-in', signedPath, '-CAfile', ca]).status).toBe(0);
  });

  it.each(['rsa2048', 'p256'])('%s: openssl accepts a signed profile and prints it unchanged', (keyType) => {
    const signed = signProfile(profileBytes, identities[keyType] as SupervisionIdentity);
    expect(opensslCmsContent(writeScratch(scratchDir(), 'p.mobileconfig', signed))).toEqual(profileBytes);
    const verified = verifySignedProfile(signed, { trustedCertificates: [(identities[keyType] as SupervisionIdentity).certificate] });
    expect(verified).toMatchObject({ chainVerified: true, profile: { PayloadIdentifier: 'com.example.signing' } });
    expect(inspectProfile(signed)).toMatchObject({ signed: true, valid: true, signer: { verified: true, organization: 'Acme' } });
  });

  it('rejects a signed profile whose content was altered after signing', () => {
    const signed = signProfile(profileBytes, identities.rsa2048 as SupervisionIdentity);
    const at = signed.indexOf(Buffer.from('CartNet'));
    const altered = Buffer.from(signed);
    altered.write('EvilNet', at);
    expect(() => verifySignedProfile(altered)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    expect(inspectProfile(altered)).toMatchObject({ valid: false, signer: { verified: false, problem: { code: 'SIGNATURE_INVALID' } } });
    expect(openssl(['cms', '-verify', '-inform', 'DER', '-in', writeScratch(scratchDir(), 'x', altered), '-noverify']).status).not.toBe(0);
  });

  it('reports an expired signer', async () => {
    const old = await createSupervisionIdentity({ organization: 'Old', years: 1, now: new Date('2020-01-01T00:00:00Z') });
    const signed = signProfile(profileBytes, old, { signingTime: new Date('2020-06-01T00:00:00Z') });
    expect(() => verifySignedProfile(signed)).toThrow(expect.objectContaining({ code: 'SIGNER_EXPIRED' }));
    expect(verifySignedProfile(signed, { now: new Date('2020-06-01T00:00:00Z') }).signer.expired).toBe(false);
    const inspection = inspectProfile(signed);
    expect(inspection.valid).toBe(false);
    expect(inspection.issues).toContainEqual(expect.objectContaining({ path: 'signature', message: expect.stringContaining('expired') }));
  });

  it('a signer outside the CA bundle is untrusted; a challenge signed by another identity carries the wrong certificate', async () => {
    const stranger = await createSupervisionIdentity({ organization: 'Stranger', keyType: 'p256' });
    const signed = signProfile(profileBytes, stranger);
    expect(() => verifySignedProfile(signed, { trustedCertificates: [(identities.rsa2048 as SupervisionIdentity).certificate] })).toThrow(
      expect.objectContaining({ code: 'SIGNER_UNTRUSTED' }),
    );
    const response = parseSignedData(signChallenge(Buffer.from('abcdefgh'), stranger));
    expect(response.certificates[0]?.equals((identities.rsa2048 as SupervisionIdentity).certificate)).toBe(false);
  });

  it('refuses to sign an invalid or already signed profile, and to verify an unsigned one', () => {
    const identity = identities.p256 as SupervisionIdentity;
    expect(() => signProfile(Buffer.from('<plist version="1.0"><dict/></plist>'), identity)).toThrow(expect.objectContaining({ code: 'PROFILE_INVALID' }));
    expect(() => signProfile(signProfile(profileBytes, identity), identity)).toThrow(expect.objectContaining({ code: 'PROFILE_INVALID' }));
    expect(() => verifySignedProfile(profileBytes)).toThrow(expect.objectContaining({ code: 'PROFILE_NOT_SIGNED' }));
  });
});
