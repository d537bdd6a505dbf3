import type { Rng } from '../../core/rng.js';
import type { CaseOutcome } from '../outcome.js';

export interface SetupContext {
  seed: string;
  /** A private temp directory for this worker. */
  tmp: string;
  cart?: { usbmuxd: string; control: string };
}

export interface TargetRunner {
  run(rng: Rng, i: number): Promise<CaseOutcome>;
  close?(): Promise<void>;
}

export interface FuzzTarget {
  name: string;
  /** Share of the run's cases (weights are normalised). */
  weight: number;
  /** Per-case time bound (generous: the machine is shared and slow). */
  caseMs: number;
  /** Needs a virtual cart (the scenario starts one). */
  needsCart?: boolean;
  setup(ctx: SetupContext): Promise<TargetRunner>;
}
