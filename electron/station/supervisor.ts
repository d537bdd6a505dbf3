import { readFileSync } from 'node:fs';
import { identityFromPkcs12, IdentityStore, signChallengeAsync, summarizeCertificate, summarizeIdentity, type CertificateSummary, type SupervisionIdentity } from '../profiles/index.js';
import type { SupervisorIdentity } from '../staging/device-port.js';
import { secretBoxFrom, type SecretBox } from '../store/secret-box.js';

export type IdentitySource = { kind: 'pkcs12'; file: string; password: string } | { kind: 'stored'; dataDir: string } | { kind: 'none' };

/** Opens the sealed private key: the Electron shell's OS keychain, or the headless passphrase/key file. */
export type SecretBoxThunk = () => SecretBox;
const headlessBox: SecretBoxThunk = () => secretBoxFrom();

/** The supervision identity as staging uses it: certificate, organization, CMS signer. */
export function supervisorFrom(identity: SupervisionIdentity): SupervisorIdentity {
  const summary = summarizeIdentity(identity);
  return {
    organization: summary.organization ?? summary.commonName ?? 'Organization',
    certificateDer: identity.certificate,
    // On libuv's pool: every device of a batch answers its escalation challenge at about the same time.
    sign: (content) => signChallengeAsync(content, identity),
  };
}

/**
 * Loads the identity once, lazily: a station without one can still pair, rename and check devices
 * in and out; only blueprints that supervise need it (and say so clearly).
 */
export function loadSupervisor(source: IdentitySource, secretBox: SecretBoxThunk = headlessBox): SupervisorIdentity | null {
  if (source.kind === 'none') return null;
  if (source.kind === 'pkcs12') return supervisorFrom(identityFromPkcs12(readFileSync(source.file), source.password));
  const store = new IdentityStore({ dataDir: source.dataDir, secretBox });
  return store.exists() ? supervisorFrom(store.load()) : null;
}

export function identityFingerprint(source: IdentitySource): { organization: string; fingerprint: string } | null {
  try {
    if (source.kind === 'none') return null;
    if (source.kind === 'stored') {
      // The certificate is stored in the clear: no key is needed, so none is asked for.
      const store = new IdentityStore({ dataDir: source.dataDir, secretBox: headlessBox });
      if (!store.exists()) return null;
      const s = summarizeCertificate(store.readCertificate().certificate);
      return { organization: s.organization ?? s.commonName ?? '', fingerprint: s.fingerprintSha256 };
    }
    const identity = identityFromPkcs12(readFileSync(source.file), source.password);
    const s = summarizeIdentity(identity);
    return { organization: s.organization ?? s.commonName ?? '', fingerprint: s.fingerprintSha256 };
  } catch {
    return null;
  }
}

/** The identity's certificate facts for the Admin screen; reading a stored one needs no secret. */
export function describeIdentity(source: IdentitySource): (CertificateSummary & { savedAt: string | null }) | null {
  if (source.kind === 'none') return null;
  if (source.kind === 'pkcs12') return { ...summarizeIdentity(identityFromPkcs12(readFileSync(source.file), source.password)), savedAt: null };
  const store = new IdentityStore({ dataDir: source.dataDir, secretBox: headlessBox });
  if (!store.exists()) return null;
  const stored = store.readCertificate();
  return { ...summarizeCertificate(stored.certificate), savedAt: stored.savedAt };
}
