import { readFileSync } from 'node:fs';
import { identityFromPkcs12, IdentityStore, ProfileError, type SupervisionIdentity } from '../profiles/index.js';
import type { SupervisorIdentity } from '../staging/device-port.js';
import { errorInfo } from '../staging/error-info.js';
import { SecretBoxError, secretBoxFrom, type SecretBox, type SecretSealer } from '../store/secret-box.js';
import { stationError } from './admin-errors.js';
import { layeredSecretBox } from './layered-secret-box.js';
import type { ResumeIdentity } from './resume-identity.js';
import { identityFingerprint, loadSupervisor, supervisorFrom, type IdentitySource } from './supervisor.js';

const nullable = <T, R>(value: T | null, f: (v: T) => R): R | null => (value === null ? null : f(value));

/** The station's secrets: the box that seals them, and the supervision identity it opens. */
export class StationSecrets {
  private supervisor: SupervisorIdentity | null | undefined;

  constructor(
    private readonly source: IdentitySource,
    /** The shell's OS keychain; headless hosts use the passphrase or key file from the environment. */
    private readonly sealer: SecretSealer | undefined,
    /** The identity an unfinished batch was started with, kept for its resume (resume-identity.ts). */
    private readonly kept?: ResumeIdentity,
  ) {}

  /**
   * The supervision identity, loaded on first use: the file or the stored one, else the one kept
   * for an unfinished batch (`prepare --keep-identity-for-resume`), so its resume needs no file.
   */
  identity(): SupervisorIdentity | null {
    if (this.supervisor === undefined) {
      const kept = () => this.kept?.load() ?? null;
      this.supervisor = loadSupervisor(this.source, () => this.secretBox()) ?? (this.source.kind === 'stored' ? nullable(kept(), supervisorFrom) : null);
    }
    return this.supervisor;
  }

  /** Seals the batch's identity file for its resume; returns what ties it to the batch once created. */
  keepForResume(): (batchId: string) => void {
    if (!this.kept) throw stationError('NOT_SUPPORTED', 'This station cannot keep an identity for resuming.', 'Resume with --identity F.p12 --password PW.');
    return this.kept.seal(this.source);
  }

  /** A batch ended: the identity kept for it (if any) is deleted. */
  releaseResumeIdentity(batchId: string): void {
    if (this.kept?.release(batchId) && this.source.kind === 'stored') this.supervisor = undefined;
  }

  /** Which unfinished batch's identity is kept for its resume, if any. */
  resumeIdentityBatch(): string | null {
    return this.kept?.batchId() ?? null;
  }

  identitySummary(): { organization: string; fingerprint: string } | null {
    return identityFingerprint(this.source);
  }

  identitySource(): IdentitySource {
    return this.source;
  }

  /** Why staging could not use the identity now (none stored, the key does not open), or null when it can. */
  identityProblem(): string | null {
    try {
      return this.identity() ? null : 'this station has no supervision identity';
    } catch (e) {
      return errorInfo(e).message;
    }
  }

  /** The identity with its private key (signing, exporting); IDENTITY_NOT_FOUND when there is none. */
  fullIdentity(): SupervisionIdentity {
    if (this.source.kind === 'pkcs12') return identityFromPkcs12(readFileSync(this.source.file), this.source.password);
    if (this.source.kind === 'none') throw new ProfileError('IDENTITY_NOT_FOUND', 'this station runs without a supervision identity');
    return this.identityStore(this.source.dataDir).load();
  }

  /**
   * Keeps `identity` as the station's (its key sealed by the station's box); refuses to replace a
   * different one unless asked (profiles/identity-store.ts says why). Staging uses it from now on.
   */
  storeIdentity(identity: SupervisionIdentity, replace: boolean): { path: string } {
    if (this.source.kind !== 'stored') {
      throw stationError('CONFLICT', 'This station was started with an identity file, so it keeps no identity of its own.', 'Store the identity from a station started without --identity.');
    }
    const store = this.identityStore(this.source.dataDir);
    store.save(identity, { replace });
    this.supervisor = undefined;
    return { path: store.path };
  }

  private identityStore(dataDir: string): IdentityStore {
    return new IdentityStore({ dataDir, secretBox: () => this.secretBox() });
  }

  /** The box that seals this station's secrets: the shell's OS keychain, else the headless env. */
  secretBox(): SecretBox {
    return this.sealer ? layeredSecretBox(this.sealer, () => secretBoxFrom()) : secretBoxFrom();
  }

  /** The secret box, or null when none is configured (a headless station without a passphrase or key file). */
  optionalSecretBox(): SecretBox | null {
    try {
      return this.secretBox();
    } catch (e) {
      if (e instanceof SecretBoxError && e.code === 'SECRET_NOT_CONFIGURED') return null;
      throw e;
    }
  }
}
