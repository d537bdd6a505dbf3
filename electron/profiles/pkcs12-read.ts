import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { asn1js, pkijs } from './pki-packages.js';
import { ProfileError } from './errors.js';
import { assertIdentityConsistent, type SupervisionIdentity } from './identity.js';
import { OID } from './oids.js';
import { checkedIterations, pbeDecrypt, pkcs12Mac } from './pkcs12-crypto.js';
import { Asn1FormatError, bigIntegerOf, childAt, fromSchema, octetsOf, parseBer } from './pki-der.js';
import { toX509 } from './x509.js';

/**
 * PKCS#12 (.p12) import of a supervision identity: password-protected files with PBES2/AES or the
 * legacy PKCS#12 PBE (3DES, RC2-40) bags, as OpenSSL and Keychain write them. pkijs reads the
 * structure, which derives no key, so the iteration caps are checked first (forge's own
 * pkcs12FromAsn1 derives before any check, and reads only RSA keys).
 */

const wrongPassword = (): ProfileError =>
  new ProfileError('PKCS12_WRONG_PASSWORD', 'the PKCS#12 password is wrong (the file could not be decrypted with it)');

export function identityFromPkcs12(p12: Buffer, password: string): SupervisionIdentity {
  try {
    return readPkcs12(p12, password);
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    const reason = err instanceof Asn1FormatError ? 'it is truncated or not a PKCS#12 file' : (err as Error).message;
    throw new ProfileError('PKCS12_CORRUPT', `cannot read the PKCS#12 file: ${reason}`);
  }
}

interface Bags {
  keys: Buffer[];
  certificates: Buffer[];
}

function readPkcs12(p12: Buffer, password: string): SupervisionIdentity {
  const schema = parseBer(p12, 'PKCS#12 file');
  const pfx = fromSchema(pkijs.PFX, schema, 'PFX');
  if (pfx.version !== 3) throw new Asn1FormatError('not a PKCS#12 v3 file');
  if (pfx.authSafe.contentType !== OID.data) {
    throw new ProfileError('PKCS12_CORRUPT', 'PKCS#12 files protected by a public key (not a password) are not supported');
  }
  const authSafe = octetsOf(pfx.authSafe.content, 'PFX content');
  if (pfx.macData) verifyMac(pfx.macData, childAt(schema, 2, 'MAC'), authSafe, password);

  const bags: Bags = { keys: [], certificates: [] };
  for (const contentInfo of fromSchema(pkijs.AuthenticatedSafe, parseBer(authSafe, 'PFX content'), 'safe contents').safeContents) {
    if (contentInfo.contentType === OID.data) readSafeContents(parseBer(octetsOf(contentInfo.content, 'safe contents'), 'safe contents'), password, bags);
    else if (contentInfo.contentType === OID.encryptedData) readSafeContents(decryptSafeContents(contentInfo.content, password), password, bags);
  }
  return assembleIdentity(bags);
}

/** `macDataSchema` gives the exact iteration INTEGER (pkijs keeps a float). */
function verifyMac(macData: Pkijs.MacData, macDataSchema: Asn1js.AsnType, authSafe: Buffer, password: string): void {
  const expected = octetsOf(macData.mac.digest, 'MAC value');
  const salt = octetsOf(macData.macSalt, 'MAC salt');
  const countNode = (macDataSchema as Asn1js.Sequence).valueBlock.value[2];
  const iterations = countNode ? checkedIterations(bigIntegerOf(countNode, 'MAC iteration count'), 'MAC') : 1;
  if (!pkcs12Mac(authSafe, password, salt, iterations, macData.mac.digestAlgorithm.algorithmId).equals(expected)) throw wrongPassword();
}

function decryptSafeContents(content: Asn1js.AsnType, password: string): Asn1js.AsnType {
  const info = fromSchema(pkijs.EncryptedData, content, 'encrypted content').encryptedContentInfo;
  if (!info.encryptedContent) throw new Asn1FormatError('encrypted content missing');
  const plain = pbeDecrypt(info.contentEncryptionAlgorithm, Buffer.from(info.getEncryptedContent()), password);
  if (!plain) throw wrongPassword();
  try {
    return parseBer(plain, 'safe contents');
  } catch {
    throw wrongPassword();
  }
}

/**
 * Bags read from the schema: the bag types this import does not use (CRLs, secrets) are skipped
 * unread, and an unencrypted key is taken as its exact PKCS#8 bytes.
 */
function readSafeContents(safeContents: Asn1js.AsnType, password: string, bags: Bags): void {
  if (!(safeContents instanceof asn1js.Sequence)) throw new Asn1FormatError('malformed safe contents');
  for (const bagSchema of safeContents.valueBlock.value) {
    const bagId = childAt(bagSchema, 0, 'safe bag type');
    if (!(bagId instanceof asn1js.ObjectIdentifier)) throw new Asn1FormatError('malformed safe bag type');
    const type = bagId.valueBlock.toString();
    if (type === OID.keyBag) {
      bags.keys.push(Buffer.from(childAt(childAt(bagSchema, 1, 'safe bag'), 0, 'key bag').valueBeforeDecodeView));
    } else if (type === OID.pkcs8ShroudedKeyBag) {
      const bag = fromSchema(pkijs.SafeBag, bagSchema, 'shrouded key bag').bagValue as Pkijs.PKCS8ShroudedKeyBag;
      const pkcs8 = pbeDecrypt(bag.encryptionAlgorithm, octetsOf(bag.encryptedData, 'encrypted private key'), password);
      if (!pkcs8) throw wrongPassword();
      bags.keys.push(pkcs8);
    } else if (type === OID.certBag) {
      const value = childAt(childAt(bagSchema, 1, 'safe bag'), 0, 'certificate bag');
      const certId = childAt(value, 0, 'certificate type');
      if (certId instanceof asn1js.ObjectIdentifier && certId.valueBlock.toString() === OID.x509Certificate) {
        // The certificate's own bytes (the device compares them), not pkijs's re-encoding.
        bags.certificates.push(octetsOf(childAt(childAt(value, 1, 'certificate'), 0, 'certificate'), 'certificate'));
      }
    }
  }
}

function assembleIdentity(bags: Bags): SupervisionIdentity {
  const key = bags.keys[0];
  if (!key) throw new ProfileError('PKCS12_NO_IDENTITY', 'the PKCS#12 file contains no private key (export the identity, not only its certificate)');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key, format: 'der', type: 'pkcs8' });
  } catch {
    throw wrongPassword();
  }
  const spki = (k: KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });
  const wanted = spki(createPublicKey(privateKey));
  const certs = bags.certificates.map((der) => ({ der, x509: toX509(der) }));
  const leaf = certs.find((c) => spki(c.x509.publicKey).equals(wanted));
  if (!leaf) throw new ProfileError('PKCS12_NO_IDENTITY', 'the PKCS#12 file has no certificate matching its private key');
  // Order the rest signer-first (issuer of the leaf, then its issuer…) so CMS can include them as a chain.
  const chain: Buffer[] = [];
  const remaining = certs.filter((c) => c !== leaf);
  for (let current = leaf.x509; ; ) {
    const issuerIndex = remaining.findIndex((c) => current.checkIssued(c.x509));
    const issuer = remaining.splice(issuerIndex, issuerIndex < 0 ? 0 : 1)[0];
    if (!issuer) break;
    chain.push(issuer.der);
    current = issuer.x509;
  }
  const identity: SupervisionIdentity = { certificate: leaf.der, privateKey, chain };
  assertIdentityConsistent(identity);
  return identity;
}
