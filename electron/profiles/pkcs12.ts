import { createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { algorithm, bmpString, explicit, integer, nullValue, octetString, oid, raw, seq, setOf, toDer, type Asn1 } from './asn1.js';
import { DerError, child, contextTag, decodeInteger, decodeOid, octets, parseDer, Tag, type DerNode } from './der.js';
import { ProfileError } from './errors.js';
import { assertIdentityConsistent, type SupervisionIdentity } from './identity.js';
import { OID } from './oids.js';
import { checkedIterations, decryptPrivateKeyInfo, encryptPrivateKeyInfo, pbeDecrypt, pkcs12Mac, type Pkcs12Encryption } from './pkcs12-crypto.js';
import { toX509 } from './x509.js';

/**
 * PKCS#12 (.p12) import and export of a supervision identity.
 *
 * Export default: 3DES key encryption with a SHA-1 MAC. Every macOS Keychain (which is where Apple
 * Configurator imports identities from) reads it, and OpenSSL 3 reads it without -legacy; `aes256`
 * (PBES2/PBKDF2-SHA256/AES-256-CBC, SHA-256 MAC, OpenSSL 3's own default) is available for tools
 * that prefer it. Import reads both, and the RC2-40 certificate bags of Keychain exports.
 */

export interface Pkcs12ExportOptions {
  password: string;
  encryption?: Pkcs12Encryption;
  /** Shown by Keychain Access; defaults to the certificate's purpose. */
  friendlyName?: string;
  iterations?: number;
}

export const PKCS12_ENCRYPTIONS: readonly Pkcs12Encryption[] = ['3des', 'aes256'];

// Written with node-forge's encoder (asn1.ts); reading below stays on der.ts, so the iteration caps
// are checked before any key derivation (forge's own pkcs12FromAsn1 derives first).
const dataContentInfo = (content: Buffer): Asn1 => seq(oid(OID.data), explicit(0, octetString(content)));

function bagAttributes(friendlyName: string | undefined, localKeyId: Buffer): Asn1 {
  return setOf(
    ...(friendlyName ? [seq(oid(OID.friendlyName), setOf(bmpString(friendlyName)))] : []),
    seq(oid(OID.localKeyId), setOf(octetString(localKeyId))),
  );
}

function certBag(der: Buffer, attributes?: Asn1): Asn1 {
  const value = seq(oid(OID.x509Certificate), explicit(0, octetString(der)));
  return seq(oid(OID.certBag), explicit(0, value), ...(attributes ? [attributes] : []));
}

export function identityToPkcs12(identity: SupervisionIdentity, options: Pkcs12ExportOptions): Buffer {
  const encryption = options.encryption ?? '3des';
  const iterations = options.iterations ?? 2048;
  // OpenSSL and Keychain pair the key with its certificate through localKeyId = SHA-1(cert).
  const localKeyId = createHash('sha1').update(identity.certificate).digest();
  const attributes = bagAttributes(options.friendlyName ?? 'Supervision Identity', localKeyId);
  const pkcs8 = identity.privateKey.export({ type: 'pkcs8', format: 'der' });
  const shrouded = encryptPrivateKeyInfo(pkcs8, options.password, encryption, iterations);
  const certificates = toDer(seq(certBag(identity.certificate, attributes), ...identity.chain.map((c) => certBag(c))));
  const keys = toDer(seq(seq(oid(OID.pkcs8ShroudedKeyBag), explicit(0, raw(shrouded)), attributes)));
  const authSafe = toDer(seq(dataContentInfo(certificates), dataContentInfo(keys)));
  const digestOid = encryption === 'aes256' ? OID.sha256 : OID.sha1;
  const salt = randomBytes(encryption === 'aes256' ? 16 : 8);
  // The MAC covers exactly these authSafe bytes.
  const mac = pkcs12Mac(authSafe, options.password, salt, iterations, digestOid);
  const macData = seq(seq(algorithm(digestOid, nullValue()), octetString(mac)), octetString(salt), integer(iterations));
  return toDer(seq(integer(3), dataContentInfo(authSafe), macData));
}

const wrongPassword = (): ProfileError =>
  new ProfileError('PKCS12_WRONG_PASSWORD', 'the PKCS#12 password is wrong (the file could not be decrypted with it)');

export function identityFromPkcs12(p12: Buffer, password: string): SupervisionIdentity {
  try {
    return readPkcs12(p12, password);
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    const reason = err instanceof DerError ? 'it is truncated or not a PKCS#12 file' : (err as Error).message;
    throw new ProfileError('PKCS12_CORRUPT', `cannot read the PKCS#12 file: ${reason}`);
  }
}

interface Bags {
  keys: { pkcs8: Buffer; localKeyId?: Buffer }[];
  certificates: Buffer[];
}

function readPkcs12(p12: Buffer, password: string): SupervisionIdentity {
  const pfx = parseDer(p12);
  if (pfx.tag !== Tag.SEQUENCE || decodeInteger(child(pfx, 0, Tag.INTEGER, 'PFX version')) !== 3n) {
    throw new DerError('not a PKCS#12 v3 file');
  }
  const authSafeInfo = child(pfx, 1, Tag.SEQUENCE, 'PFX content');
  if (decodeOid(child(authSafeInfo, 0, Tag.OID, 'PFX content type')) !== OID.data) {
    throw new ProfileError('PKCS12_CORRUPT', 'PKCS#12 files protected by a public key (not a password) are not supported');
  }
  const authSafe = octets(child(child(authSafeInfo, 1, contextTag(0), 'PFX content'), 0, undefined, 'PFX content'));
  const macData = pfx.children[2];
  if (macData) verifyMac(macData, authSafe, password);

  const bags: Bags = { keys: [], certificates: [] };
  for (const contentInfo of parseDer(authSafe).children) {
    const type = decodeOid(child(contentInfo, 0, Tag.OID, 'safe contents type'));
    const body = child(child(contentInfo, 1, contextTag(0), 'safe contents'), 0, undefined, 'safe contents');
    if (type === OID.data) readSafeContents(parseDer(octets(body)), password, bags);
    else if (type === OID.encryptedData) readSafeContents(decryptSafeContents(body, password), password, bags);
  }
  return assembleIdentity(bags);
}

function verifyMac(macData: DerNode, authSafe: Buffer, password: string): void {
  const digestInfo = child(macData, 0, Tag.SEQUENCE, 'MAC');
  const digestOid = decodeOid(child(child(digestInfo, 0, Tag.SEQUENCE, 'MAC algorithm'), 0, Tag.OID, 'MAC algorithm'));
  const expected = octets(child(digestInfo, 1, Tag.OCTET_STRING, 'MAC value'));
  const salt = octets(child(macData, 1, Tag.OCTET_STRING, 'MAC salt'));
  const iterations = macData.children[2] ? checkedIterations(decodeInteger(macData.children[2]), 'MAC') : 1;
  if (!pkcs12Mac(authSafe, password, salt, iterations, digestOid).equals(expected)) throw wrongPassword();
}

function decryptSafeContents(encryptedData: DerNode, password: string): DerNode {
  const info = child(encryptedData, 1, Tag.SEQUENCE, 'encrypted content');
  const algorithmId = child(info, 1, Tag.SEQUENCE, 'encryption algorithm');
  const ciphertext = info.children[2];
  if (!ciphertext) throw new DerError('encrypted content missing');
  const plain = pbeDecrypt(algorithmId, octets(ciphertext), password);
  if (!plain) throw wrongPassword();
  try {
    return parseDer(plain);
  } catch {
    throw wrongPassword();
  }
}

function localKeyIdOf(bag: DerNode): Buffer | undefined {
  for (const attribute of bag.children[2]?.children ?? []) {
    if (decodeOid(child(attribute, 0, Tag.OID, 'bag attribute')) === OID.localKeyId) {
      const value = attribute.children[1]?.children[0];
      return value ? octets(value) : undefined;
    }
  }
  return undefined;
}

function readSafeContents(safeContents: DerNode, password: string, bags: Bags): void {
  for (const bag of safeContents.children) {
    const bagType = decodeOid(child(bag, 0, Tag.OID, 'safe bag type'));
    const value = child(child(bag, 1, contextTag(0), 'safe bag'), 0, undefined, 'safe bag');
    const localKeyId = localKeyIdOf(bag);
    if (bagType === OID.keyBag) {
      bags.keys.push({ pkcs8: value.raw, localKeyId });
    } else if (bagType === OID.pkcs8ShroudedKeyBag) {
      const pkcs8 = decryptPrivateKeyInfo(value, password);
      if (!pkcs8) throw wrongPassword();
      bags.keys.push({ pkcs8, localKeyId });
    } else if (bagType === OID.certBag && decodeOid(child(value, 0, Tag.OID, 'certificate type')) === OID.x509Certificate) {
      bags.certificates.push(octets(child(child(value, 1, contextTag(0), 'certificate'), 0, undefined, 'certificate')));
    }
  }
}

function assembleIdentity(bags: Bags): SupervisionIdentity {
  const key = bags.keys[0];
  if (!key) throw new ProfileError('PKCS12_NO_IDENTITY', 'the PKCS#12 file contains no private key (export the identity, not only its certificate)');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: key.pkcs8, format: 'der', type: 'pkcs8' });
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
