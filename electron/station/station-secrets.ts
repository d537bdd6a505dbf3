import type { SupervisorIdentity } from '../staging/device-port.js';
import { SecretBoxError, secretBoxFrom, type SecretBox, type SecretSealer } from '../store/secret-box.js';
import { layeredSecretBox } from './layered-secret-box.js';
import { identityFingerprint, loadSupervisor, type IdentitySource } from './supervisor.js';

/** The station's secrets: the box that seals them, and the supervision identity it opens. */
export class StationSecrets {
  private supervisor: SupervisorIdentity | null | undefined;

  constructor(
    private readonly source: IdentitySource,
    /** The shell's OS keychain; headless hosts use the passphrase or key file from the environment. */
    private readonly sealer: SecretSealer | undefined,
  ) {}

  /** The supervision identity, loaded on first use. */
  identity(): SupervisorIdentity | null {
    if (this.supervisor === undefined) this.supervisor = loadSupervisor(this.source, () => this.secretBox());
    return this.supervisor;
  }

  identitySummary(): { organization: string; fingerprint: string } | null {
    return identityFingerprint(this.source);
  }

  identitySource(): IdentitySource {
    return this.source;
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
