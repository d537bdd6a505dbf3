import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { securePrivateFile } from './private-files.js';

/**
 * Secrets at rest (the supervision identity's private key, MDM credentials) are sealed by a
 * SecretBox before they touch the disk. Three ways to hold the key:
 *  - the Electron shell's OS keychain (`safeStorage`), supplied through the SecretSealer hook;
 *  - a passphrase given to a headless station (scrypt → AES-256-GCM);
 *  - a key file given to a headless station (HKDF → AES-256-GCM).
 *
 * Sealed format: "CWSB" | version 1 | method | method header | AES-GCM iv, tag, ciphertext
 * (or the sealer's output for the OS method). The header is authenticated as AAD, and a short key
 * check value tells "wrong passphrase" apart from "file damaged".
 */
export interface SecretBox {
  /** Which key protects what this box seals, shown to the operator. */
  readonly method: SecretMethod;
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

/** What the Electron shell implements over `safeStorage` (this file must not import electron). */
export interface SecretSealer {
  isAvailable(): boolean;
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

export type SecretMethod = 'passphrase' | 'keyfile' | 'os';
export type SecretBoxErrorCode = 'SECRET_WRONG_KEY' | 'SECRET_CORRUPT' | 'SECRET_NOT_CONFIGURED' | 'SECRET_METHOD_MISMATCH' | 'SECRET_UNAVAILABLE';

export class SecretBoxError extends Error {
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const MAGIC = Buffer.from('CWSB');
const VERSION = 1;
const METHOD_BYTES: Record<SecretMethod, number> = { passphrase: 1, keyfile: 2, os: 3 };
const METHOD_HINT: Record<SecretMethod, string> = {
  passphrase: 'the station passphrase (CARTWRIGHT_SECRET_PASSPHRASE)',
  keyfile: 'the station key file (CARTWRIGHT_SECRET_KEYFILE)',
  os: "the Cartwright app on this computer (the OS keychain)",
};
const KEY_CHECK_LABEL = Buffer.from('cartwright secret-box key check');
const SCRYPT = { log2N: 15, r: 8, p: 1 };

function readHeader(sealed: Buffer, method: SecretMethod): Buffer {
  if (sealed.length < 6 || !sealed.subarray(0, 4).equals(MAGIC)) {
    throw new SecretBoxError('SECRET_CORRUPT', 'the sealed secret is damaged or is not a Cartwright sealed file');
  }
  if (sealed[4] !== VERSION) throw new SecretBoxError('SECRET_CORRUPT', `sealed secret version ${sealed[4]} is newer than this Cartwright`);
  const sealedWith = (Object.keys(METHOD_BYTES) as SecretMethod[]).find((m) => METHOD_BYTES[m] === sealed[5]);
  if (!sealedWith) throw new SecretBoxError('SECRET_CORRUPT', 'the sealed secret names an unknown protection method');
  if (sealedWith !== method) {
    throw new SecretBoxError('SECRET_METHOD_MISMATCH', `this secret was sealed with ${METHOD_HINT[sealedWith]}; provide that instead of ${METHOD_HINT[method]}`);
  }
  return sealed.subarray(6);
}

const keyCheck = (key: Buffer): Buffer => createHmac('sha256', key).update(KEY_CHECK_LABEL).digest().subarray(0, 8);

/** AES-256-GCM under a key derived per seal from a fresh salt; the derivation is the only difference between methods. */
abstract class DerivedKeyBox implements SecretBox {
  abstract readonly method: 'passphrase' | 'keyfile';
  protected abstract deriveKey(salt: Buffer, params: Buffer): Buffer;
  protected abstract newParams(): Buffer;
  protected abstract paramsLength: number;

  seal(plain: Buffer): Buffer {
    const params = this.newParams();
    const salt = randomBytes(16);
    const key = this.deriveKey(salt, params);
    const iv = randomBytes(12);
    const header = Buffer.concat([MAGIC, Buffer.from([VERSION, METHOD_BYTES[this.method]]), params, salt, keyCheck(key), iv]);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(header);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([header, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): Buffer {
    const rest = readHeader(sealed, this.method);
    const headerEnd = this.paramsLength + 16 + 8 + 12;
    if (rest.length < headerEnd + 16) throw new SecretBoxError('SECRET_CORRUPT', 'the sealed secret is truncated');
    const params = rest.subarray(0, this.paramsLength);
    const salt = rest.subarray(this.paramsLength, this.paramsLength + 16);
    const check = rest.subarray(this.paramsLength + 16, this.paramsLength + 24);
    const iv = rest.subarray(this.paramsLength + 24, headerEnd);
    const key = this.deriveKey(salt, params);
    if (!timingSafeEqual(check, keyCheck(key))) {
      throw new SecretBoxError('SECRET_WRONG_KEY', `cannot open the sealed secret: ${METHOD_HINT[this.method]} is not the one it was sealed with`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(sealed.subarray(0, 6 + headerEnd));
    decipher.setAuthTag(rest.subarray(headerEnd, headerEnd + 16));
    try {
      return Buffer.concat([decipher.update(rest.subarray(headerEnd + 16)), decipher.final()]);
    } catch {
      throw new SecretBoxError('SECRET_CORRUPT', 'the sealed secret was altered or damaged (the key is right but the data does not authenticate)');
    }
  }
}

export class PassphraseSecretBox extends DerivedKeyBox {
  readonly method = 'passphrase' as const;
  protected paramsLength = 3;

  constructor(private readonly passphrase: string) {
    super();
    if (!passphrase) throw new SecretBoxError('SECRET_NOT_CONFIGURED', 'the station passphrase must not be empty');
  }

  protected newParams(): Buffer {
    return Buffer.from([SCRYPT.log2N, SCRYPT.r, SCRYPT.p]);
  }

  protected deriveKey(salt: Buffer, params: Buffer): Buffer {
    const [log2N = 0, r = 0, p = 0] = params;
    if (log2N < 10 || log2N > 20 || r < 1 || p < 1) throw new SecretBoxError('SECRET_CORRUPT', 'the sealed secret has invalid key-derivation parameters');
    return scryptSync(this.passphrase.normalize('NFC'), salt, 32, { N: 2 ** log2N, r, p, maxmem: 256 * 2 ** log2N * r });
  }
}

export class KeyFileSecretBox extends DerivedKeyBox {
  readonly method = 'keyfile' as const;
  protected paramsLength = 0;

  /** `keyMaterial`: the key file's bytes, at least 32 (e.g. `openssl rand 32 > station.key`). */
  constructor(private readonly keyMaterial: Buffer) {
    super();
    if (keyMaterial.length < 32) throw new SecretBoxError('SECRET_NOT_CONFIGURED', 'the station key file must hold at least 32 bytes (create one with `openssl rand 32`)');
  }

  static fromFile(path: string): KeyFileSecretBox {
    try {
      tightenKeyFile(path);
      return new KeyFileSecretBox(readFileSync(path));
    } catch (err) {
      if (err instanceof SecretBoxError) throw err;
      throw new SecretBoxError('SECRET_NOT_CONFIGURED', `cannot read the station key file ${path}: ${(err as Error).message}`);
    }
  }

  protected newParams(): Buffer {
    return Buffer.alloc(0);
  }

  protected deriveKey(salt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', this.keyMaterial, salt, 'cartwright secret-box v1', 32));
  }
}

/** Wraps the Electron shell's OS-keychain sealer in the same versioned envelope. */
export class SealerSecretBox implements SecretBox {
  readonly method = 'os' as const;

  constructor(private readonly sealer: SecretSealer) {}

  private ensureAvailable(): void {
    if (!this.sealer.isAvailable()) throw new SecretBoxError('SECRET_UNAVAILABLE', 'the OS keychain is not available to Cartwright on this computer');
  }

  seal(plain: Buffer): Buffer {
    this.ensureAvailable();
    return Buffer.concat([MAGIC, Buffer.from([VERSION, METHOD_BYTES.os]), this.sealer.encrypt(plain)]);
  }

  open(sealed: Buffer): Buffer {
    const body = readHeader(sealed, 'os');
    this.ensureAvailable();
    try {
      return this.sealer.decrypt(body);
    } catch (err) {
      throw new SecretBoxError('SECRET_WRONG_KEY', `the OS keychain could not open the sealed secret (${(err as Error).message}); was it sealed by another user or computer?`);
    }
  }
}

export interface SecretBoxSources {
  passphrase?: string;
  keyFile?: string;
  sealer?: SecretSealer;
}

/**
 * The box a headless station uses: explicit options first, then CARTWRIGHT_SECRET_PASSPHRASE,
 * then CARTWRIGHT_SECRET_KEYFILE. In Electron the shell passes its `sealer`.
 */
export function secretBoxFrom(sources: SecretBoxSources = {}, env: NodeJS.ProcessEnv = process.env): SecretBox {
  if (sources.sealer) return new SealerSecretBox(sources.sealer);
  if (sources.passphrase) return new PassphraseSecretBox(sources.passphrase);
  if (sources.keyFile) return KeyFileSecretBox.fromFile(sources.keyFile);
  if (env.CARTWRIGHT_SECRET_PASSPHRASE) return new PassphraseSecretBox(env.CARTWRIGHT_SECRET_PASSPHRASE);
  if (env.CARTWRIGHT_SECRET_KEYFILE) return KeyFileSecretBox.fromFile(env.CARTWRIGHT_SECRET_KEYFILE);
  throw new SecretBoxError(
    'SECRET_NOT_CONFIGURED',
    'no key to protect station secrets: set CARTWRIGHT_SECRET_PASSPHRASE or CARTWRIGHT_SECRET_KEYFILE (or run the Cartwright app, which uses the OS keychain)',
  );
}

/** The method a sealed blob was sealed with, without opening it (to tell the operator what to provide). */
export function sealedMethod(sealed: Buffer): SecretMethod | null {
  if (sealed.length < 6 || !sealed.subarray(0, 4).equals(MAGIC)) return null;
  return (Object.keys(METHOD_BYTES) as SecretMethod[]).find((m) => METHOD_BYTES[m] === sealed[5]) ?? null;
}

/** The key file opens every sealed secret: 0600 when it is ours (one provisioned read-only by root stays as it is). */
function tightenKeyFile(path: string): void {
  try {
    securePrivateFile(path);
  } catch {
    // not ours to change (EPERM): reading it still works
  }
}
