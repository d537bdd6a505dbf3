import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const PIN = /^\d{4,12}$/;
const N_LOG2 = 15;
const R = 8;
const P = 1;

export class KioskPinError extends Error {
  override readonly name = 'KioskPinError';
  constructor(
    readonly code: 'INVALID_INPUT' | 'CONFLICT',
    message: string,
  ) {
    super(message);
  }
}

/** `scrypt$15$8$1$<salt b64url>$<hash b64url>`: the PIN itself is never stored. */
export function hashPin(pin: string): string {
  if (!PIN.test(pin)) throw new KioskPinError('INVALID_INPUT', 'The admin PIN is 4 to 12 digits.');
  const salt = randomBytes(16);
  const hash = derive(pin, salt, N_LOG2, R, P);
  return ['scrypt', N_LOG2, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const nLog2 = Number(n);
  if (!Number.isInteger(nLog2) || nLog2 < 10 || nLog2 > 20) return false;
  const expected = Buffer.from(hash, 'base64url');
  // Compare even for a malformed PIN, so the time taken does not tell what was wrong.
  const actual = derive(pin, Buffer.from(salt, 'base64url'), nLog2, Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected) && PIN.test(pin);
}

function derive(pin: string, salt: Buffer, nLog2: number, r: number, p: number, length = 32): Buffer {
  return scryptSync(pin.normalize('NFKC'), salt, length, { N: 2 ** nLog2, r, p, maxmem: 256 * 2 ** nLog2 * r });
}

/**
 * Checks PIN attempts at the kiosk and slows guessing down: after 5 wrong PINs each further try
 * waits, doubling from 30 s up to 15 minutes; a right PIN resets the count.
 */
export class KioskPinGuard {
  private failures = 0;
  private lockedUntil = 0;

  constructor(
    private readonly storedHash: () => string | null,
    private readonly now: () => number = Date.now,
  ) {}

  attempt(pin: string): { ok: true } | { ok: false; reason: 'wrong' | 'locked' | 'not-set'; retryInMs?: number } {
    const stored = this.storedHash();
    if (stored === null) return { ok: false, reason: 'not-set' };
    const t = this.now();
    if (t < this.lockedUntil) return { ok: false, reason: 'locked', retryInMs: this.lockedUntil - t };
    if (verifyPin(pin, stored)) {
      this.failures = 0;
      return { ok: true };
    }
    this.failures += 1;
    if (this.failures >= 5) {
      const wait = Math.min(30_000 * 2 ** (this.failures - 5), 15 * 60_000);
      this.lockedUntil = t + wait;
      return { ok: false, reason: 'locked', retryInMs: wait };
    }
    return { ok: false, reason: 'wrong' };
  }
}
