import { createSupervisionIdentity, identityFromPkcs12, identityToPkcs12, PKCS12_ENCRYPTIONS } from '../../../../electron/profiles/index.js';
import { mutateBytes, mutateDer } from '../../core/mutate.js';
import { classifyError } from '../outcome.js';
import { PROFILE_CODES } from './profiles.js';
import type { FuzzTarget } from './types.js';

const known = (code: string): boolean => (PROFILE_CODES as readonly string[]).includes(code);

/** identityFromPkcs12 on mutated .p12 files (both key types, both encryptions), now and then with a wrong password. */
export const pkcs12: FuzzTarget = {
  name: 'pkcs12',
  weight: 14,
  caseMs: 15_000,
  async setup() {
    const identities = await Promise.all([createSupervisionIdentity({ organization: 'Chaos Org', keyType: 'rsa2048' }), createSupervisionIdentity({ organization: 'Chaos Org', keyType: 'p256' })]);
    // Few iterations keep a case cheap; a mutation that makes the count huge is exactly what should not hang.
    const bases = identities.flatMap((id) => PKCS12_ENCRYPTIONS.map((encryption) => identityToPkcs12(id, { password: 'pw', encryption, iterations: 64 })));
    return {
      async run(rng) {
        const input = rng.chance(0.75) ? mutateDer(rng.pick(bases), rng) : mutateBytes(rng.pick(bases), rng);
        const password = rng.chance(0.9) ? 'pw' : rng.pick(['', 'PW', 'pw ', '\u0000', 'é'.repeat(40)]);
        try {
          identityFromPkcs12(input, password);
          return { kind: 'ok' };
        } catch (e) {
          return classifyError(e, known);
        }
      },
    };
  },
};
