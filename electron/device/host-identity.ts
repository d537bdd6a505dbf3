/**
 * The station host identity: one root and one host key pair (RSA-2048) and a HostID, created once
 * and kept by the station. Every device certificate is signed with this root, so pairing costs a
 * signature instead of libimobiledevice's fresh key generation (~0.6 s CPU) per device.
 */
import { generateKeyPair, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { z } from 'zod';

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
    // PKCS#8 "BEGIN PRIVATE KEY", as libimobiledevice writes RootPrivateKey/HostPrivateKey (§3.11).
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/**
 * An X.509 v3 certificate shaped like libimobiledevice's (§3.11): serial 0, empty subject and
 * issuer, ten years, signed by the root key. SHA-256 rather than 1.3.0's SHA-1, as upstream later did.
 */
export function signCertificate(
  publicKey: forge.pki.PublicKey,
  rootKeyPem: string,
  extensions: object[],
  now = new Date(),
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '00';
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + TEN_YEARS_MS);
  cert.setSubject([]);
  cert.setIssuer([]);
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(rootKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export async function createHostIdentity(now = new Date()): Promise<HostIdentity> {
  const [root, host] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  const rootCertificatePem = signCertificate(forge.pki.publicKeyFromPem(root.publicKey), root.privateKey, [{ name: 'basicConstraints', cA: true, critical: true }], now);
  const hostCertificatePem = signCertificate(
    forge.pki.publicKeyFromPem(host.publicKey),
    root.privateKey,
    [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    ],
    now,
  );
  return { hostId: randomUUID().toUpperCase(), rootKeyPem: root.privateKey, rootCertificatePem, hostKeyPem: host.privateKey, hostCertificatePem };
}

/** Keeps the identity in one JSON file (mode 0600), created on first use. */
export function fileHostIdentityStore(path: string): HostIdentityStore {
  let loading: Promise<HostIdentity> | null = null;
  const load = async (): Promise<HostIdentity> => {
    try {
      return identitySchema.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const identity = await createHostIdentity();
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(identity, null, 2), { mode: 0o600 });
    await rename(tmp, path);
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
