import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSupervisionIdentity, decodePlist, encodePlist, inspectProfile, signProfile, type PlistDict, type ProfileErrorCode } from '../../../../electron/profiles/index.js';
import { mutateBytes, mutateDer, mutateText } from '../../core/mutate.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { classifyError } from '../outcome.js';
import type { FuzzTarget, TargetRunner } from './types.js';

/** Every code electron/profiles may throw (kept in step with ProfileErrorCode by `satisfies`). */
export const PROFILE_CODES = [
  'PKCS12_WRONG_PASSWORD', 'PKCS12_CORRUPT', 'PKCS12_NO_IDENTITY', 'IDENTITY_INVALID', 'IDENTITY_NOT_FOUND', 'IDENTITY_EXISTS', 'PROFILE_UNREADABLE', 'PROFILE_INVALID',
  'PROFILE_NOT_SIGNED', 'SIGNATURE_INVALID', 'SIGNER_EXPIRED', 'SIGNER_UNTRUSTED', 'CERTIFICATE_INVALID', 'SPEC_INVALID', 'ENROLLMENT_NOT_MDM', 'ENROLLMENT_FETCH_FAILED', 'ENROLLMENT_NOT_FOUND',
] as const satisfies readonly ProfileErrorCode[];
const known = (code: string): boolean => (PROFILE_CODES as readonly string[]).includes(code);

function corpus(): Buffer[] {
  const dir = join(REPO_ROOT, 'test/fixtures/profiles');
  return ['mdm-enrollment.mobileconfig', 'missing-payload-uuid.mobileconfig'].map((f) => readFileSync(join(dir, f)));
}

/** inspectProfile on a mutated profile: it may report issues or throw a ProfileError, nothing else. */
function inspectRunner(bases: Buffer[], mutate: (b: Buffer, rng: Parameters<TargetRunner['run']>[0]) => Buffer): TargetRunner {
  return {
    async run(rng) {
      const input = mutate(rng.pick(bases), rng);
      try {
        inspectProfile(input);
        return { kind: 'ok' };
      } catch (e) {
        return classifyError(e, known);
      }
    },
  };
}

/** Changes bytes of the signed plist in place (same length): the structure parses, the signature must not verify. */
function tamperContent(b: Buffer, rng: Parameters<TargetRunner['run']>[0]): Buffer {
  const start = Math.max(b.indexOf('<plist'), b.indexOf('bplist00'));
  if (start < 0) return mutateBytes(b, rng);
  const c = Buffer.from(b);
  for (let k = rng.int(1, 3); k > 0; k--) {
    const at = rng.int(start, Math.min(c.length - 1, start + 1500));
    c[at] = (c[at] as number) ^ (1 << rng.int(0, 6));
  }
  return c;
}

export const profileXml: FuzzTarget = {
  name: 'profile-xml',
  weight: 12,
  caseMs: 10_000,
  async setup() {
    return inspectRunner(corpus(), (b, rng) => (rng.chance(0.7) ? Buffer.from(mutateText(b.toString('utf8'), rng), 'utf8') : mutateBytes(b, rng)));
  },
};

export const profileBinary: FuzzTarget = {
  name: 'profile-binary',
  weight: 10,
  caseMs: 10_000,
  async setup() {
    const bases = corpus().map((b) => encodePlist(decodePlist(b).value as PlistDict, 'binary'));
    return inspectRunner(bases, (b, rng) => mutateBytes(b, rng));
  },
};

export const profileSigned: FuzzTarget = {
  name: 'profile-signed',
  weight: 10,
  caseMs: 10_000,
  async setup() {
    const identity = await createSupervisionIdentity({ organization: 'Chaos Org', keyType: 'rsa2048' });
    // signProfile refuses invalid profiles, so only the valid fixture is signed.
    const plain = corpus().slice(0, 1);
    const bases = [...plain, ...plain.map((b) => encodePlist(decodePlist(b).value as PlistDict, 'binary'))].map((b) => signProfile(b, identity));
    return inspectRunner(bases, (b, rng) => rng.weighted([[() => mutateDer(b, rng), 5], [() => mutateBytes(b, rng), 2], [() => tamperContent(b, rng), 3]] as const)());
  },
};
