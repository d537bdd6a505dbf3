import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { dataDirectory } from '../platform/data-dir.js';
import type { SecretBox } from '../store/secret-box.js';
import { writeFileAtomic } from './atomic-file.js';
import { ProfileError } from './errors.js';
import { assertIdentityConsistent, type SupervisionIdentity } from './identity.js';
import { certificateFingerprint } from './x509.js';

/**
 * The station's supervision identity on disk: the certificate in the clear (so `identity show`
 * needs no secret) and the private key sealed by a SecretBox, never in plain text.
 */
const storedIdentitySchema = z.object({
  format: z.literal('cartwright.supervision-identity'),
  version: z.literal(1),
  certificate: z.base64(),
  chain: z.array(z.base64()),
  sealedPrivateKey: z.base64(),
  savedAt: z.string(),
});

export interface StoredCertificate {
  certificate: Buffer;
  chain: Buffer[];
  savedAt: string;
}

export interface IdentityStoreOptions {
  dataDir?: string;
  /** Asked for only when the key must be sealed or opened. */
  secretBox: () => SecretBox;
}

export class IdentityStore {
  readonly path: string;

  constructor(private readonly options: IdentityStoreOptions) {
    this.path = join(options.dataDir ?? dataDirectory(), 'supervision-identity.json');
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  private read(): z.infer<typeof storedIdentitySchema> {
    if (!this.exists()) {
      throw new ProfileError('IDENTITY_NOT_FOUND', 'this station has no supervision identity yet: run `cartwright identity import FILE.p12 --password PW`');
    }
    const parsed = storedIdentitySchema.safeParse(safeJson(readFileSync(this.path, 'utf8')));
    if (!parsed.success) throw new ProfileError('IDENTITY_INVALID', `the stored identity ${this.path} is damaged; import the identity again`);
    return parsed.data;
  }

  /** The certificate only: no secret needed. */
  readCertificate(): StoredCertificate {
    const stored = this.read();
    return { certificate: Buffer.from(stored.certificate, 'base64'), chain: stored.chain.map((c) => Buffer.from(c, 'base64')), savedAt: stored.savedAt };
  }

  load(): SupervisionIdentity {
    const stored = this.read();
    const pkcs8 = this.options.secretBox().open(Buffer.from(stored.sealedPrivateKey, 'base64'));
    const identity: SupervisionIdentity = {
      certificate: Buffer.from(stored.certificate, 'base64'),
      privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
      chain: stored.chain.map((c) => Buffer.from(c, 'base64')),
    };
    pkcs8.fill(0);
    assertIdentityConsistent(identity);
    return identity;
  }

  /**
   * Replacing the identity strands every device supervised with the old one (they only accept the
   * old certificate), so that needs `replace`. Saving the same identity again is a no-op change.
   */
  save(identity: SupervisionIdentity, options: { replace?: boolean } = {}): void {
    assertIdentityConsistent(identity);
    if (this.exists() && !options.replace) {
      const current = this.readCertificate().certificate;
      if (!current.equals(identity.certificate)) {
        throw new ProfileError(
          'IDENTITY_EXISTS',
          `this station already has a different supervision identity (${certificateFingerprint(current)}); devices supervised with it would no longer accept this station. Use --replace if that is intended`,
        );
      }
    }
    const pkcs8 = identity.privateKey.export({ type: 'pkcs8', format: 'der' });
    const sealed = this.options.secretBox().seal(pkcs8);
    pkcs8.fill(0);
    const stored: z.infer<typeof storedIdentitySchema> = {
      format: 'cartwright.supervision-identity',
      version: 1,
      certificate: identity.certificate.toString('base64'),
      chain: identity.chain.map((c) => c.toString('base64')),
      sealedPrivateKey: sealed.toString('base64'),
      savedAt: new Date().toISOString(),
    };
    writeFileAtomic(this.path, `${JSON.stringify(stored, null, 2)}\n`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
