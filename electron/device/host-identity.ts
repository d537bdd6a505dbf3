/**
 * The station host identity: one root and one host key pair (RSA-2048) and a HostID, created once
 * and kept by the station. Every device certificate is signed with this root, so pairing costs a
 * signature instead of libimobiledevice's fresh key generation (~0.6 s CPU) per device.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomUUID, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { buildCertificate, buildCertificateAsync, certificatePem, type CertificateExtension, type CertificateOptions } from './certificate-builder.js';

export interface HostIdentity {
  /** Upper-case UUID the device files this station's pairing under. */
  hostId: string;
  rootKeyPem: string;
  rootCertificatePem: string;
  hostKeyPem: string;
  hostCertificatePem: string;
}

export interface HostIdentityStore {
  load(): Promise<HostIdentity>;
}

const identitySchema = z.object({
  hostId: z.string().regex(/^[0-9A-F-]{36}$/),
  rootKeyPem: z.string(),
  rootCertificatePem: z.string(),
  hostKeyPem: z.string(),
  hostCertificatePem: z.string(),
});

const generateKeyPairAsync = promisify(generateKeyPair);
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

async function rsaKeyPair(): Promise<{ privateKey: string; publicKey: string }> {
  return generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    // PKCS#8 "BEGIN PRIVATE KEY", as libimobiledevice writes RootPrivateKey/HostPrivateKey
    // (docs/device-protocols.md §3.11).
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const rootKeys = new Map<string, KeyObject>();
/** The root key is parsed once per station, not once per pairing. */
function rootKey(pem: string): KeyObject {
  let key = rootKeys.get(pem);
  if (!key) rootKeys.set(pem, (key = createPrivateKey(pem)));
  return key;
}

/**
 * An X.509 v3 certificate shaped like libimobiledevice's (§3.11): serial 0, empty subject and
 * issuer, ten years, signed by the root key. SHA-256 rather than 1.3.0's SHA-1, as upstream later did.
 */
export function signCertificate(publicKey: KeyObject, rootKeyPem: string, extensions: readonly CertificateExtension[], now = new Date()): string {
  return certificatePem(buildCertificate(rootSigned(publicKey, rootKeyPem, extensions, now)));
}

/** signCertificate with the signature off the JavaScript thread (buildCertificateAsync): what pairing uses. */
export async function signCertificateAsync(publicKey: KeyObject, rootKeyPem: string, extensions: readonly CertificateExtension[], now = new Date()): Promise<string> {
  return certificatePem(await buildCertificateAsync(rootSigned(publicKey, rootKeyPem, extensions, now)));
}

function rootSigned(publicKey: KeyObject, rootKeyPem: string, extensions: readonly CertificateExtension[], now: Date): CertificateOptions {
  return { publicKey, signingKey: rootKey(rootKeyPem), subject: {}, serial: Buffer.from([0]), notBefore: now, notAfter: new Date(now.getTime() + TEN_YEARS_MS), extensions };
}

export async function createHostIdentity(now = new Date()): Promise<HostIdentity> {
  const [root, host] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  const [rootCertificatePem, hostCertificatePem] = await Promise.all([
    signCertificateAsync(createPublicKey(root.publicKey), root.privateKey, [{ kind: 'basicConstraints', ca: true }], now),
    signCertificateAsync(
      createPublicKey(host.publicKey),
      root.privateKey,
      [
        { kind: 'basicConstraints', ca: false },
        { kind: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      ],
      now,
    ),
  ]);
  return { hostId: randomUUID().toUpperCase(), rootKeyPem: root.privateKey, rootCertificatePem, hostKeyPem: host.privateKey, hostCertificatePem };
}

/**
 * What seals the private keys at rest: the station's SecretBox, passed in by the station (device/
 * does not import station/ or know where the key comes from). null: no key is configured.
 */
export interface HostKeySealer {
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

/** On disk with a sealer: the public half readable, both private keys in one sealed blob. */
const sealedFileSchema = z.object({
  format: z.literal('cartwright.host-identity'),
  version: z.literal(2),
  hostId: identitySchema.shape.hostId,
  rootCertificatePem: z.string(),
  hostCertificatePem: z.string(),
  sealedKeys: z.string().min(1),
});
const privateKeysSchema = z.object({ rootKeyPem: z.string(), hostKeyPem: z.string() });

function sealedFile(identity: HostIdentity, sealer: HostKeySealer): z.infer<typeof sealedFileSchema> {
  const keys = Buffer.from(JSON.stringify({ rootKeyPem: identity.rootKeyPem, hostKeyPem: identity.hostKeyPem }), 'utf8');
  return {
    format: 'cartwright.host-identity',
    version: 2,
    hostId: identity.hostId,
    rootCertificatePem: identity.rootCertificatePem,
    hostCertificatePem: identity.hostCertificatePem,
    sealedKeys: sealer.seal(keys).toString('base64'),
  };
}

/** A sealed file opened, a plain one (written before sealing, or with no key configured) as it is. */
function readIdentity(json: unknown, path: string, sealer: HostKeySealer | null): { identity: HostIdentity; plain: boolean } {
  const sealed = sealedFileSchema.safeParse(json);
  if (!sealed.success) return { identity: identitySchema.parse(json), plain: true };
  if (!sealer) {
    throw new Error(`${path} holds the pairing keys sealed, and no key to open them is configured: set CARTWRIGHT_SECRET_PASSPHRASE or CARTWRIGHT_SECRET_KEYFILE as when it was written (or run the Cartwright app).`);
  }
  const keys = privateKeysSchema.parse(JSON.parse(sealer.open(Buffer.from(sealed.data.sealedKeys, 'base64')).toString('utf8')));
  const { hostId, rootCertificatePem, hostCertificatePem } = sealed.data;
  return { identity: { hostId, rootCertificatePem, hostCertificatePem, ...keys }, plain: false };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}

/**
 * Keeps the identity in one JSON file (mode 0600), created on first use. With a sealer the private
 * keys are sealed like the supervision key, and a plain file from before is sealed on first load.
 */
export function fileHostIdentityStore(path: string, sealer: () => HostKeySealer | null = () => null): HostIdentityStore {
  let loading: Promise<HostIdentity> | null = null;
  const load = async (): Promise<HostIdentity> => {
    const box = sealer();
    let text: string | null = null;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text !== null) {
      const { identity, plain } = readIdentity(JSON.parse(text), path, box);
      if (plain && box) await writeAtomically(path, JSON.stringify(sealedFile(identity, box), null, 2));
      return identity;
    }
    const identity = await createHostIdentity();
    await writeAtomically(path, JSON.stringify(box ? sealedFile(identity, box) : identity, null, 2));
    return identity;
  };
  return {
    load: () => {
      loading ??= load().catch((e: unknown) => {
        loading = null;
        throw e;
      });
      return loading;
    },
  };
}

/** An identity held in memory only (tests, one-off tools). */
export function memoryHostIdentityStore(identity?: HostIdentity): HostIdentityStore {
  let p: Promise<HostIdentity> | null = identity ? Promise.resolve(identity) : null;
  return { load: () => (p ??= createHostIdentity()) };
}
