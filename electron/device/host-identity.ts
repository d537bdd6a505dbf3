/**
 * The station host identity: one root and one host key pair (RSA-2048) and a HostID, created once
 * and kept by the station. Every device certificate is signed with this root, so pairing costs a
 * signature instead of libimobiledevice's fresh key generation (~0.6 s CPU) per device.
 */
import { createPrivateKey, generateKeyPair, randomUUID, sign, type KeyObject } from 'node:crypto';
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
  // forge lays the certificate out; Node's native RSA signs it (forge's JavaScript RSA, plus parsing
  // the root key's PEM, cost ~25 ms of the station's main thread per pairing).
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
  // getTBSCertificate is public in forge but missing from its type declarations.
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  (cert as forge.pki.Certificate & { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = sign('sha256', tbsDer, rootKey(rootKeyPem)).toString('binary');
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
