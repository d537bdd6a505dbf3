import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupervisionIdentity, identityToPkcs12, summarizeIdentity } from '../../../electron/profiles/index.js';
import { ResumeIdentity } from '../../../electron/station/resume-identity.js';
import { PassphraseSecretBox, secretBoxFrom } from '../../../electron/store/secret-box.js';
import { openStore, type Store } from '../../../electron/store/index.js';

// The real SQLite store and the real passphrase box: only the passphrase is chosen by the test.
describe('ResumeIdentity: a batch\'s identity file kept sealed until the batch ends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-resume-identity-'));
  const p12 = join(dir, 'acme.p12');
  let store: Store;
  let fingerprint: string;
  const box = () => new PassphraseSecretBox('correct horse');

  beforeAll(async () => {
    const identity = await createSupervisionIdentity({ organization: 'Acme Schools', keyType: 'p256', years: 1 });
    fingerprint = summarizeIdentity(identity).fingerprintSha256;
    writeFileSync(p12, identityToPkcs12(identity, { password: 'pw', encryption: 'aes256' }));
    store = openStore(join(dir, 'data'), { secretBox: box });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals the file and its password, opens them again, and forgets them only for its own batch', () => {
    const kept = new ResumeIdentity(store, box);
    expect(kept.load()).toBeNull();
    kept.seal({ kind: 'pkcs12', file: p12, password: 'pw' })('batch-1');
    expect(kept.batchId()).toBe('batch-1');
    expect(store.settings.list('staging.resumeIdentity').map((s) => [s.key, s.secret])).toEqual([['staging.resumeIdentity', true], ['staging.resumeIdentity.batch', false]]);
    expect(summarizeIdentity(kept.load()!).fingerprintSha256).toBe(fingerprint);
    expect(kept.release('another-batch')).toBe(false);
    expect(kept.load()).not.toBeNull();
    expect(kept.release('batch-1')).toBe(true);
    expect(kept.load()).toBeNull();
    expect(store.settings.list('staging.resumeIdentity')).toEqual([]);
  });

  it('refuses before anything is kept: a wrong password, a station with no file identity, a station with no secret box', () => {
    const kept = new ResumeIdentity(store, box);
    expect(() => kept.seal({ kind: 'pkcs12', file: p12, password: 'wrong' })).toThrow();
    expect(() => kept.seal({ kind: 'stored', dataDir: dir })).toThrow(/no identity file to keep/);
    const boxless = new ResumeIdentity(store, () => secretBoxFrom({}, {}));
    expect(() => boxless.seal({ kind: 'pkcs12', file: p12, password: 'pw' })).toThrow(/CARTWRIGHT_SECRET_PASSPHRASE/);
    expect(kept.batchId()).toBeNull();
  });
});
