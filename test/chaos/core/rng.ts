import { Rng as MulberryRng } from '../../emulator/rng.js';

/**
 * The one source of randomness in the chaos run. Everything derives from the run's seed through
 * labelled forks, so one scenario's choices never shift another's and a single fuzz case can be
 * replayed from (seed, target, index) alone.
 */
export class Rng extends MulberryRng {
  constructor(seed: string | number) {
    // Labels are hashed with hash32 (below) so that similar labels land far apart.
    super(typeof seed === 'number' ? seed >>> 0 : hash32(seed));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }

  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }

  /** A child generator whose stream depends only on this one's seed state and the label. */
  override fork(label: string | number): Rng {
    return new Rng(hash32(`${this.state}:${label}`));
  }
}

/** FNV-1a, then a murmur finalizer so similar labels ("case:1", "case:2") land far apart. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
