import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type Forge from 'node-forge';
import { lazyPackage } from '../platform/lazy-package.js';
import { writeFileAtomic } from '../profiles/atomic-file.js';
import { ServerConfigError } from './options.js';

// Loaded at first use, not with every start (platform/lazy-package.ts).
const forge = lazyPackage<typeof Forge>('node-forge');

/** What `https.createServer` needs, and what to tell people so they can check they reached us. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, as browsers and `openssl x509 -fingerprint -sha256` show it. */
  fingerprint: string;
  /** Where it came from: the files given, or the pair the station generated and keeps. */
  source: 'files' | 'generated';
}

export const GENERATED_CERT_FILE = 'serve-tls-cert.pem';
export const GENERATED_KEY_FILE = 'serve-tls-key.pem';
const VALID_DAYS = 397;
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** --tls-cert/--tls-key: PEM files; refused early when unreadable or when the key does not match. */
export function loadTlsFiles(certFile: string, keyFile: string): TlsMaterial {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certFile, 'utf8');
    key = readFileSync(keyFile, 'utf8');
  } catch (e) {
    throw new ServerConfigError('TLS_INVALID', `Cannot read the TLS certificate or key: ${(e as Error).message}.`);
  }
  try {
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) throw new Error('the key does not belong to the certificate');
    return { cert, key, fingerprint: x509.fingerprint256, source: 'files' };
  } catch (e) {
    throw new ServerConfigError('TLS_INVALID', `The TLS certificate and key are not a usable pair (${(e as Error).message}): give PEM files, the key unencrypted.`);
  }
}

/**
 * --tls: a self-signed pair kept in the data directory (the key 0600), made on first use and again
 * when it nears expiry or does not name the address served. Browsers warn about it once; people
 * compare the fingerprint printed at start with the one the browser shows.
 */
export function generatedTls(dataDir: string, host: string, now = new Date()): TlsMaterial {
  const certFile = join(dataDir, GENERATED_CERT_FILE);
  const keyFile = join(dataDir, GENERATED_KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) {
    chmodSync(keyFile, 0o600);
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    try {
      const x509 = new X509Certificate(cert);
      const fresh = new Date(x509.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
      if (fresh && covers(x509, host) && x509.checkPrivateKey(createPrivateKey(key))) return { cert, key, fingerprint: x509.fingerprint256, source: 'generated' };
    } catch {
      // unreadable: make a new pair below
    }
  }
  const made = selfSigned(namesFor(host), now);
  writeFileAtomic(keyFile, made.key, 0o600);
  writeFileAtomic(certFile, made.cert, 0o600);
  return { ...made, fingerprint: fingerprintOf(made.cert), source: 'generated' };
}

function covers(x509: X509Certificate, host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === '0.0.0.0' || bare === '::') return true;
  return isIP(bare) ? x509.checkIP(bare) !== undefined : x509.checkHost(bare) !== undefined;
}

/** The names a browser may use: loopback, this computer's name, and the address given. */
function namesFor(host: string): { dns: string[]; ips: string[] } {
  const bare = host.replace(/^\[|\]$/g, '');
  const dns = new Set(['localhost', hostname()]);
  const ips = new Set(['127.0.0.1', '::1']);
  if (isIP(bare)) {
    if (bare !== '0.0.0.0' && bare !== '::') ips.add(bare);
  } else dns.add(bare);
  return { dns: [...dns].filter(Boolean), ips: [...ips] };
}

function selfSigned(names: { dns: string[]; ips: string[] }, now: Date): { cert: string; key: string } {
  // Node makes the key (fast, native); node-forge writes the certificate, with the subjectAltName
  // and serverAuth extensions a TLS client checks.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000);
  const subject = [{ name: 'commonName', value: `Cartwright station ${hostname()}`.slice(0, 64) }, { name: 'organizationName', value: 'Cartwright' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))] },
  ]);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keyPem };
}
