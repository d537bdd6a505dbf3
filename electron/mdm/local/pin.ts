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

export function isPinHash(value: string): boolean {
  return /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(value);
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  if (!isPinHash(stored)) return false;
  const [, n, r, p, salt, hash] = stored.split('$') as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(pin, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) }, (err, key) => (err ? reject(err) : resolve(key))),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
