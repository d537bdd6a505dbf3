import type { Rng } from './rng.js';

/**
 * Random JSON for the API and IPC fuzzers. Keys and strings are biased towards the names and
 * shapes the station's schemas use, so a good share of cases get past validation and reach a
 * handler (pure noise would only ever exercise the first zod check).
 */
export interface JsonGenOptions {
  keys: readonly string[];
  strings: readonly string[];
  maxDepth?: number;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const NUMBERS = [0, -1, 1, 2, 1.5, -0, 255, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, Number.MIN_VALUE];
const NASTY = ['', ' ', '\u0000', '__proto__', 'constructor', 'toString', '\uD800', 'x'.repeat(300), '../../etc/passwd', '<script>', '%00', '0', 'true', 'null'];

export function randomJson(rng: Rng, options: JsonGenOptions, depth = 0): Json {
  const maxDepth = options.maxDepth ?? 4;
  const kind = depth >= maxDepth ? rng.int(0, 3) : rng.int(0, 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.chance(0.7) ? rng.pick(NUMBERS) : rng.int(-1000, 1000);
    case 3:
      return randomString(rng, options);
    case 4:
    case 5: {
      const obj: Record<string, Json> = {};
      for (let i = rng.int(0, 4); i > 0; i--) obj[rng.chance(0.85) ? rng.pick(options.keys) : randomString(rng, options)] = randomJson(rng, options, depth + 1);
      return obj;
    }
    default:
      return Array.from({ length: rng.int(0, 4) }, () => randomJson(rng, options, depth + 1));
  }
}

export function randomString(rng: Rng, options: Pick<JsonGenOptions, 'strings'>): string {
  const r = rng.next();
  if (r < 0.6) return rng.pick(options.strings);
  if (r < 0.85) return rng.pick(NASTY);
  return Array.from({ length: rng.int(0, 24) }, () => String.fromCharCode(rng.int(0x20, 0x2fff))).join('');
}

/** An object whose top-level keys come from `keys` (what a command input looks like), values random. */
export function randomInput(rng: Rng, options: JsonGenOptions): Json {
  if (rng.chance(0.15)) return randomJson(rng, options);
  const obj: Record<string, Json> = {};
  for (let i = rng.int(0, 3); i > 0; i--) obj[rng.pick(options.keys)] = rng.chance(0.5) ? randomString(rng, options) : randomJson(rng, options, 2);
  return obj;
}
