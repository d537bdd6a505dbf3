import { createSupervisionIdentity, identityFromPkcs12, identityToPkcs12 } from '../../../../electron/profiles/index.js';
import { MAX_PKCS12_ITERATIONS } from '../../../../electron/profiles/pkcs12-crypto.js';
import { withMacIterations, withPbeIterations } from '../../../helpers/p12-craft.js';
import { classifyError } from '../outcome.js';
import { PROFILE_CODES } from './profiles.js';
import type { FuzzTarget } from './types.js';

const known = (code: string): boolean => (PROFILE_CODES as readonly string[]).includes(code);

/** MAC iteration counts a crafted file may carry: ordinary, at the cap, just past it, absurd. */
const MAC_COUNTS = [0, 1, 2, 64, 64, 2000, 2048, 65536, MAX_PKCS12_ITERATIONS - 1, MAX_PKCS12_ITERATIONS + 1, 2 ** 24, 2 ** 31 - 1, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER];

/**
 * identityFromPkcs12 on .p12 files whose MAC or key-encryption (PBE) iteration count is anything:
 * counts past the cap are a typed PKCS12_CORRUPT before any key is derived (the case bound catches
 * a hang), ordinary ones an identity (64, the count the MAC was computed with) or PKCS12_WRONG_PASSWORD.
 */
export const p12Iterations: FuzzTarget = {
  name: 'p12-iterations',
  weight: 4,
  // A count just under the cap is legal and costs about a second of PKCS#12 KDF on this machine.
  caseMs: 20_000,
  async setup() {
    const identity = await createSupervisionIdentity({ organization: 'Chaos Org', keyType: 'p256' });
    const cheap = identityToPkcs12(identity, { password: 'pw', iterations: 64 });
    const at65536 = identityToPkcs12(identity, { password: 'pw', iterations: 65536 });
    return {
      async run(rng) {
        const input = rng.chance(0.75) ? withMacIterations(cheap, rng.pick(MAC_COUNTS)) : withPbeIterations(at65536);
        try {
          identityFromPkcs12(input, 'pw');
          return { kind: 'ok' };
        } catch (e) {
          return classifyError(e, known);
        }
      },
    };
  },
};
