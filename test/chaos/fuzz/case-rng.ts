import { Rng } from '../core/rng.js';

/** Case i of a target depends on nothing else: `--seed S` and the index reproduce it exactly. */
export function caseRng(seed: string, target: string, i: number): Rng {
  return new Rng(`${seed}:fuzz:${target}:${i}`);
}
