import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { identityFromPkcs12, type SupervisionIdentity } from '../profiles/index.js';
import type { SecretBox } from '../store/secret-box.js';
import type { Store } from '../store/store.js';
import type { IdentitySource } from './supervisor.js';

/** One sealed setting: a station keeps at most one batch's identity for resuming at a time. */
const KEY = 'staging.resumeIdentity';
/** Which batch it is for, in the clear, so a batch's end is noticed without opening the secret. */
const BATCH_KEY = 'staging.resumeIdentity.batch';

const Kept = z.object({ batchId: z.string().min(1), pkcs12: z.string().min(1), password: z.string() });

/**
 * The supervision identity a batch was started with from a file (`prepare --identity F.p12
 * --keep-identity-for-resume`), kept, with the technician's consent, only while that batch is
 * unfinished: so `stage --resume` after a crash needs no file or password typed again. The .p12
 * and its password are sealed by the station's secret box (never in the clear in the database),
 * and the setting is deleted as soon as the batch ends.
 */
export class ResumeIdentity {
  constructor(
    private readonly store: Pick<Store, 'settings'>,
    private readonly box: () => SecretBox,
  ) {}

  /**
   * Seals the file source's identity before the batch exists (so a station without a secret box
   * refuses before any job is created); `bind` then ties it to the batch.
   */
  seal(source: IdentitySource): (batchId: string) => void {
    if (source.kind !== 'pkcs12') {
      throw Object.assign(new Error('There is no identity file to keep: this station uses its stored supervision identity, which a resume uses anyway.'), {
        code: 'INVALID_INPUT',
        remedy: 'Leave out --keep-identity-for-resume, or start the batch with --identity F.p12 --password PW.',
      });
    }
    const p12 = readFileSync(source.file);
    identityFromPkcs12(p12, source.password); // a wrong password fails now, not at the resume
    const box = this.box();
    return (batchId) => {
      const plain = Buffer.from(JSON.stringify({ batchId, pkcs12: p12.toString('base64'), password: source.password }), 'utf8');
      this.store.settings.setSecret(KEY, box.seal(plain));
      this.store.settings.set(BATCH_KEY, batchId);
    };
  }

  /** The kept identity, or null when none is kept (or it no longer opens). */
  load(): SupervisionIdentity | null {
    const kept = this.read();
    return kept ? identityFromPkcs12(Buffer.from(kept.pkcs12, 'base64'), kept.password) : null;
  }

  batchId(): string | null {
    const id = this.store.settings.get(BATCH_KEY);
    return typeof id === 'string' ? id : null;
  }

  /** The batch ended: its identity is not kept a moment longer. */
  release(batchId: string): boolean {
    if (this.batchId() !== batchId) return false;
    this.store.settings.delete(KEY);
    return this.store.settings.delete(BATCH_KEY);
  }

  private read(): z.infer<typeof Kept> | null {
    let sealed: Buffer | undefined;
    try {
      sealed = this.store.settings.getSecret(KEY);
    } catch {
      return null;
    }
    if (!sealed) return null;
    const parsed = Kept.safeParse(JSON.parse(this.box().open(sealed).toString('utf8')));
    return parsed.success ? parsed.data : null;
  }
}
