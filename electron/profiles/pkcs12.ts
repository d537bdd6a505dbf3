import { createHash, randomBytes } from 'node:crypto';
import type * as Pkijs from 'pkijs';
import { asn1js, pkijs } from './pki-packages.js';
import type { SupervisionIdentity } from './identity.js';
import { OID } from './oids.js';
import { encryptPrivateKeyInfo, pkcs12Mac, type Pkcs12Encryption } from './pkcs12-crypto.js';
import { arrayBuffer, octetString, sortedForDer, toDer } from './pki-der.js';

export { identityFromPkcs12 } from './pkcs12-read.js';

/**
 * PKCS#12 (.p12) export of a supervision identity; import is pkcs12-read.ts.
 *
 * Export default: 3DES key encryption with a SHA-1 MAC. Every macOS Keychain (which is where Apple
 * Configurator imports identities from) reads it, and OpenSSL 3 reads it without -legacy; `aes256`
 * (PBES2/PBKDF2-SHA256/AES-256-CBC, SHA-256 MAC, OpenSSL 3's own default) is available for tools
 * that prefer it. Import reads both, and the RC2-40 certificate bags of Keychain exports.
 *
 * pkijs lays the file out. Its own PFX protection (makeInternalValues) is not used: it offers only
 * PBES2, through asynchronous WebCrypto, and the 3DES default is what Keychain needs; the ciphers
 * and the MAC are pkcs12-crypto.ts.
 */
export interface Pkcs12ExportOptions {
  password: string;
  encryption?: Pkcs12Encryption;
  /** Shown by Keychain Access; defaults to the certificate's purpose. */
  friendlyName?: string;
  iterations?: number;
}

export const PKCS12_ENCRYPTIONS: readonly Pkcs12Encryption[] = ['3des', 'aes256'];

const dataContentInfo = (content: Buffer): Pkijs.ContentInfo => new pkijs.ContentInfo({ contentType: OID.data, content: octetString(content) });

function bagAttributes(friendlyName: string | undefined, localKeyId: Buffer): Pkijs.Attribute[] {
  return sortedForDer([
    ...(friendlyName ? [new pkijs.Attribute({ type: OID.friendlyName, values: [new asn1js.BmpString({ value: friendlyName })] })] : []),
    new pkijs.Attribute({ type: OID.localKeyId, values: [octetString(localKeyId)] }),
  ]);
}

function certBag(der: Buffer, attributes?: Pkijs.Attribute[]): Pkijs.SafeBag {
  const bagValue = new pkijs.CertBag({ certId: OID.x509Certificate, certValue: octetString(der) });
  return new pkijs.SafeBag({ bagId: OID.certBag, bagValue, ...(attributes ? { bagAttributes: attributes } : {}) });
}

const safeContents = (...safeBags: Pkijs.SafeBag[]): Buffer => toDer(new pkijs.SafeContents({ safeBags }).toSchema());

export function identityToPkcs12(identity: SupervisionIdentity, options: Pkcs12ExportOptions): Buffer {
  const encryption = options.encryption ?? '3des';
  const iterations = options.iterations ?? 2048;
  // OpenSSL and Keychain pair the key with its certificate through localKeyId = SHA-1(cert).
  const localKeyId = createHash('sha1').update(identity.certificate).digest();
  const attributes = bagAttributes(options.friendlyName ?? 'Supervision Identity', localKeyId);
  const pkcs8 = identity.privateKey.export({ type: 'pkcs8', format: 'der' });
  const shrouded = pkijs.PKCS8ShroudedKeyBag.fromBER(arrayBuffer(encryptPrivateKeyInfo(pkcs8, options.password, encryption, iterations)));
  const certificates = safeContents(certBag(identity.certificate, attributes), ...identity.chain.map((c) => certBag(c)));
  const keys = safeContents(new pkijs.SafeBag({ bagId: OID.pkcs8ShroudedKeyBag, bagValue: shrouded, bagAttributes: attributes }));
  const authSafe = toDer(new pkijs.AuthenticatedSafe({ safeContents: [dataContentInfo(certificates), dataContentInfo(keys)] }).toSchema());
  const digestOid = encryption === 'aes256' ? OID.sha256 : OID.sha1;
  const salt = randomBytes(encryption === 'aes256' ? 16 : 8);
  // The MAC covers exactly these authSafe bytes.
  const mac = pkcs12Mac(authSafe, options.password, salt, iterations, digestOid);
  const macData = new pkijs.MacData({
    mac: new pkijs.DigestInfo({ digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: digestOid, algorithmParams: new asn1js.Null() }), digest: octetString(mac) }),
    macSalt: octetString(salt),
    iterations,
  });
  return toDer(new pkijs.PFX({ version: 3, authSafe: dataContentInfo(authSafe), macData }).toSchema());
}
