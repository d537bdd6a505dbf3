/**
 * A test supervision identity and CMS signer, built with node-forge directly (the real one lives
 * in electron/profiles): SignedData, SHA-256, signer certificate included, content embedded
 * (docs/device-protocols.md §4.7).
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestSupervisor {
  certificateDer: Buffer;
  sign(challenge: Buffer): Promise<Buffer>;
}

export function makeSupervisor(name = 'Cartwright Test Supervision'): TestSupervisor {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const attrs = [{ name: 'commonName', value: name }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(key, forge.md.sha256.create());
  const certificateDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return {
    certificateDer,
    async sign(challenge) {
      const p7 = forge.pkcs7.createSignedData();
      p7.content = forge.util.createBuffer(challenge.toString('binary'));
      p7.addCertificate(cert);
      p7.addSigner({
        key,
        certificate: cert,
        digestAlgorithm: forge.pki.oids.sha256!,
        authenticatedAttributes: [
          { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
          { type: forge.pki.oids.messageDigest! },
          { type: forge.pki.oids.signingTime!, value: new Date() as unknown as string },
        ],
      });
      p7.sign({ detached: false });
      return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
    },
  };
}

/** A small unsigned configuration profile (restrictions payload). */
export function testProfile(identifier: string, displayName = 'Cartwright test restrictions'): Buffer {
  const uuid = () => crypto.randomUUID().toUpperCase();
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>PayloadType</key><string>Configuration</string>
<key>PayloadIdentifier</key><string>${identifier}</string>
<key>PayloadUUID</key><string>${uuid()}</string>
<key>PayloadVersion</key><integer>1</integer>
<key>PayloadDisplayName</key><string>${displayName}</string>
<key>PayloadOrganization</key><string>Cartwright Tests</string>
<key>PayloadRemovalDisallowed</key><false/>
<key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>com.apple.applicationaccess</string>
<key>PayloadIdentifier</key><string>${identifier}.restrictions</string>
<key>PayloadUUID</key><string>${uuid()}</string>
<key>PayloadVersion</key><integer>1</integer>
<key>allowCamera</key><false/>
</dict></array>
</dict></plist>`;
  return Buffer.from(xml, 'utf8');
}
