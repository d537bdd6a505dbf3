import { parseUsersCsv } from '../../../../electron/mdm/local/csv-users.js';
import { hashPin, verifyPin } from '../../../../electron/mdm/local/pin.js';
import type { Rng } from '../../core/rng.js';
import type { FuzzTarget } from './types.js';

/** Costs an attacker would put in an imported PIN hash: huge (memory), tiny (cheap to crack), nonsense. */
const NUMBERS = ['16384', '8', '1', '0', '-1', '1024', '32768', '1048576', '1073741824', '2147483648', '4294967296', '1e9', '0x4000', '16384.5', '', ' 16384', '99999999999999999999', 'NaN', 'Infinity'];
const BASE64_PARTS = ['c2FsdHNhbHRzYWx0c2FsdA==', 'AAAAAAAAAAAAAAAAAAAAAA==', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'AAAA', '====', '!!', ''];

function candidate(rng: Rng): string {
  const own = hashPin('1234').split('$');
  const part = (i: number): string => {
    if (rng.chance(0.4)) return own[i] ?? '';
    return i >= 4 ? rng.pick(BASE64_PARTS) : rng.pick(NUMBERS);
  };
  const fields = ['scrypt', part(1), part(2), part(3), part(4), part(5)];
  if (rng.chance(0.1)) fields.push(part(5));
  if (rng.chance(0.05)) fields[0] = rng.pick(['SCRYPT', 'argon2', '']);
  return fields.join('$');
}

/**
 * `users.import` with a `pin_hash` column whose scrypt parameters are anything: only the station's
 * own (N=16384, r=8, p=1, 16-byte salt, 32-byte hash) may be imported, everything else is a typed
 * INVALID_INPUT naming the line, and checking a PIN against a foreign hash (one already in a
 * database) answers false without running scrypt at the foreign cost.
 */
export const scryptParams: FuzzTarget = {
  name: 'scrypt-params',
  weight: 6,
  caseMs: 10_000,
  async setup() {
    return {
      async run(rng) {
        const hash = candidate(rng);
        const parsed = parseUsersCsv(`id,name,pin_hash\nu1,Ann,${hash}\n`);
        const accepted = parsed.errors.length === 0;
        const own = /^scrypt\$16384\$8\$1\$/.test(hash);
        if (accepted && !own) return { kind: 'untyped', detail: `imported foreign scrypt parameters: ${hash.slice(0, 80)}` };
        if (!accepted && !parsed.errors[0]?.startsWith('line 2: the PIN hash of u1 is refused')) return { kind: 'untyped', detail: `refusal without the line: ${parsed.errors[0]}` };
        try {
          const ok = await verifyPin('1234', hash);
          if (ok && !accepted) return { kind: 'untyped', detail: 'a refused hash verified a PIN' };
        } catch (e) {
          return { kind: 'untyped', detail: `verifyPin threw on ${hash.slice(0, 80)}: ${(e as Error).message}` };
        }
        return accepted ? { kind: 'ok' } : { kind: 'typed', code: 'INVALID_INPUT' };
      },
    };
  },
};
