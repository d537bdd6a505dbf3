import { createHmac } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import type Forge from 'node-forge';
import type * as Pkijs from 'pkijs';
import { forge } from './pki-packages.js';
import { ProfileError } from './errors.js';
import { DIGEST_NAMES } from './oids.js';
import { Asn1FormatError, bigIntegerOf, childAt, toDer } from './pki-der.js';

/**
 * Password-based encryption and the MAC of PKCS#12 (RFC 7292), through node-forge: it implements
 * the PKCS#12 key derivation and the legacy ciphers (3DES, and RC2-40 which Apple Keychain exports
 * use and OpenSSL 3 only reads with -legacy), besides PBES2/AES. pkijs has PBES2 only, through
 * asynchronous WebCrypto, and no PKCS#12 PBE ciphers.
 */

export type Pkcs12Encryption = 'aes256' | '3des';

const PBES2 = '1.2.840.113549.1.5.13';

interface ForgePbe {
  getCipher(oid: string, params: Forge.asn1.Asn1, password: string): Forge.cipher.BlockCipher;
  generatePkcs12Key(
    password: string,
    salt: Forge.util.ByteStringBuffer,
    id: number,
    iterations: number,
    length: number,
    md: Forge.md.MessageDigest,
  ): Forge.util.ByteStringBuffer;
}
// A function, not a constant: reading forge.pki at import would load node-forge with this module.
const pbe = (): ForgePbe => (forge.pki as unknown as { pbe: ForgePbe }).pbe;

const toForge = (der: Buffer): Forge.asn1.Asn1 => forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
const fromForge = (obj: Forge.asn1.Asn1): Buffer => Buffer.from(forge.asn1.toDer(obj).getBytes(), 'binary');

/** PBES2 feeds the password to PBKDF2 as UTF-8 bytes (as OpenSSL does); PKCS#12 PBE takes it as BMPString. */
const passwordFor = (algorithmOid: string, password: string): string =>
  algorithmOid === PBES2 ? forge.util.encodeUtf8(password) : password;

/**
 * The most key-derivation rounds a file may ask for. Exporters use 2,000–10,000 (Keychain, OpenSSL's
 * 2048, Windows), cautious ones up to 600,000 for PBKDF2; a million rounds of node-forge's PKCS#12
 * KDF take about a second, while a crafted 2³¹ would hang the station for hours before any check.
 */
export const MAX_PKCS12_ITERATIONS = 1_000_000;

/** Refuses an iteration count outside 1…MAX before any key is derived from it. */
export function checkedIterations(count: bigint, what: string): number {
  if (count < 1n || count > BigInt(MAX_PKCS12_ITERATIONS)) {
    throw new ProfileError(
      'PKCS12_CORRUPT',
      `the PKCS#12 file asks for ${count} ${what} iterations; Cartwright reads files with 1 to ${MAX_PKCS12_ITERATIONS.toLocaleString('en-US')} (re-export it with a standard iteration count, e.g. openssl pkcs12 -iter 2048)`,
    );
  }
  return Number(count);
}

/** The iteration count inside PKCS#12 PBE (SEQUENCE {salt, iterations}) or PBES2/PBKDF2 parameters. */
function pbeIterationCount(algorithmOid: string, params: Asn1js.AsnType): bigint {
  if (algorithmOid !== PBES2) return bigIntegerOf(childAt(params, 1, 'PBE parameters'), 'PBE iteration count');
  const kdf = childAt(params, 0, 'PBES2 key derivation');
  return bigIntegerOf(childAt(childAt(kdf, 1, 'PBKDF2 parameters'), 1, 'PBKDF2 parameters'), 'PBKDF2 iteration count');
}

/** Decrypt with a PBE AlgorithmIdentifier; null when the padding is wrong (almost always a wrong password). */
export function pbeDecrypt(algorithm: Pkijs.AlgorithmIdentifier, ciphertext: Buffer, password: string): Buffer | null {
  const algorithmOid = algorithm.algorithmId;
  const params = algorithm.algorithmParams as Asn1js.AsnType | undefined;
  if (!params) throw new Asn1FormatError('malformed encryption parameters');
  checkedIterations(pbeIterationCount(algorithmOid, params), 'key encryption');
  // The parameters as the file has them (BER included); forge re-reads them for the cipher.
  const paramsBytes = params.valueBeforeDecodeView.byteLength ? Buffer.from(params.valueBeforeDecodeView) : toDer(params);
  const cipher = pbe().getCipher(algorithmOid, toForge(paramsBytes), passwordFor(algorithmOid, password));
  cipher.update(forge.util.createBuffer(ciphertext.toString('binary')));
  if (!cipher.finish()) return null;
  return Buffer.from(cipher.output.getBytes(), 'binary');
}

export function encryptPrivateKeyInfo(pkcs8: Buffer, password: string, encryption: Pkcs12Encryption, iterations: number): Buffer {
  const algorithmOid = encryption === 'aes256' ? PBES2 : '';
  const encrypted = forge.pki.encryptPrivateKeyInfo(toForge(pkcs8), passwordFor(algorithmOid, password), {
    algorithm: encryption,
    prfAlgorithm: 'sha256',
    count: iterations,
    saltSize: encryption === 'aes256' ? 16 : 8,
  });
  return fromForge(encrypted);
}

/** The PFX MAC: HMAC keyed by the PKCS#12 KDF (ID 3) over the AuthenticatedSafe bytes. */
export function pkcs12Mac(data: Buffer, password: string, salt: Buffer, iterations: number, digestOid: string): Buffer {
  const digest = DIGEST_NAMES[digestOid];
  if (!digest) throw new Error(`unsupported PKCS#12 MAC digest ${digestOid}`);
  const md = forge.md[digest as 'sha1' | 'sha256' | 'sha384' | 'sha512'].create();
  const key = pbe().generatePkcs12Key(password, forge.util.createBuffer(salt.toString('binary')), 3, iterations, md.digestLength, md);
  return createHmac(digest, Buffer.from(key.getBytes(), 'binary')).update(data).digest();
}
