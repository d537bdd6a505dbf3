import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Kiosk PINs are short, so only a slow, salted hash is stored: scrypt with a per-user salt,
 * encoded `scrypt$N$r$p$salt$hash` (base64) so the parameters can be raised later without breaking
 * old hashes. The plain PIN is never written anywhere.
 */
const N = 2 ** 14;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export function hashPin(pin: string): string {
  if (!/^\d{4,12}$/.test(pin)) throw new Error('a PIN must be 4 to 12 digits');
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Why a stored PIN hash is refused, or null when it is one this station made and can check. */
export function pinHashProblem(value: string): string | null {
  const parts = value.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return 'it is not a Cartwright scrypt hash (use a "pin" column to import plain PINs)';
  const [, n, r, p, salt = '', hash = ''] = parts;
  // Only the station's own cost: a hash naming a huge N would make every check of that user's PIN
  // allocate gigabytes (and fail), a tiny one would make the PIN cheap to guess from a stolen copy.
  if (n !== String(N) || r !== String(R) || p !== String(P)) {
    return `its scrypt parameters (N=${clip(n)}, r=${clip(r)}, p=${clip(p)}) are not this station's (N=${N}, r=${R}, p=${P}); import the plain PIN instead, or a hash made by Cartwright`;
  }
  if (!BASE64.test(salt) || Buffer.from(salt, 'base64').length !== 16) return 'its salt is not 16 bytes of base64';
  if (!BASE64.test(hash) || Buffer.from(hash, 'base64').length !== KEY_LENGTH) return `its hash is not ${KEY_LENGTH} bytes of base64`;
  return null;
}

export function isPinHash(value: string): boolean {
  return pinHashProblem(value) === null;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  // A hash with other parameters never reaches scrypt (it may have been written before the check).
  if (!isPinHash(stored)) return false;
  const [, , , , salt, hash] = stored.split('$') as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(pin, Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: P, maxmem: 256 * N * R }, (err, key) => (err ? reject(err) : resolve(key))),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function clip(v: string | undefined): string {
  const s = v ?? '';
  return s.length > 12 ? `${s.slice(0, 12)}…` : s;
}
