/**
 * Test supervision identities and CMS signing with node-forge, the way pymobiledevice3 signs
 * the Escalate challenge (docs/device-protocols.md §4.7): SHA-256, content embedded, signer
 * certificate included, DER.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface Identity {
  certDer: Buffer;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

let serialCounter = 1;

/** A self-signed RSA identity. Keys come from node:crypto because forge's JS keygen is slow. */
export function makeIdentity(commonName: string): Identity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = (0x1000 + serialCounter++).toString(16);
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
  const attrs = [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'Cartwright Tests' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, { name: 'subjectKeyIdentifier' }]);
  cert.sign(key, forge.md.sha256.create());
  const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { certDer, cert, key };
}

export interface SignOptions {
  /** Include signed attributes (contentType, messageDigest, signingTime); default true. */
  signedAttributes?: boolean;
  /** Certificates to put in the message; default the signer's own. */
  certificates?: forge.pki.Certificate[];
}

export function signCms(content: Buffer, signer: Identity, options: SignOptions = {}): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  for (const cert of options.certificates ?? [signer.cert]) p7.addCertificate(cert);
  p7.addSigner({
    key: signer.key,
    certificate: signer.cert,
    digestAlgorithm: forge.pki.oids.sha256 as string,
    authenticatedAttributes: options.signedAttributes === false ? [] : [
      { type: forge.pki.oids.contentType as string, value: forge.pki.oids.data as string },
      { type: forge.pki.oids.messageDigest as string },
      { type: forge.pki.oids.signingTime as string },
    ],
  });
  p7.sign();
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}
