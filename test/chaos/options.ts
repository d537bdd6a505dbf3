/**
 * `npm run chaos -- [--seed S] [--quick] [--only kill,unplug,mdm,fuzz]`: what to run and how much.
 * The figures live here, in one place, so the full and the CI (--quick) variants are easy to compare.
 */
export const SCENARIOS = ['kill', 'unplug', 'mdm', 'fuzz'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface ChaosPlan {
  seed: string;
  quick: boolean;
  only: Scenario[];
  kill: { rounds: number; devices: number; timeScale: number; concurrency: number; earlyKillMs: [number, number]; progressJitterMs: number; laterKillMs: [number, number]; resumeKillChance: number; maxKills: number; attemptDeadlineMs: number };
  unplug: { rounds: number; eventsPerRound: number; devices: number; timeScale: number; holdMs: [number, number]; gapMs: [number, number]; deadlineMs: number };
  mdm: { devices: number; operations: number; outages: number; storms: number; windowMs: [number, number]; restarts: number; drainDeadlineMs: number };
  fuzz: { cases: number; caseDeadlineMs: number };
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], now = Date.now()): ChaosPlan {
  let seed: string | undefined;
  let quick = false;
  let only: Scenario[] = [...SCENARIOS];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--seed') seed = value();
    else if (a.startsWith('--seed=')) seed = a.slice('--seed='.length);
    else if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = (a === '--only' ? value() : a.slice('--only='.length)).split(',').map((s) => s.trim());
      const bad = list.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
      if (bad.length || list.length === 0) throw new UsageError(`--only takes ${SCENARIOS.join('|')} (comma-separated), not "${bad.join(',')}"`);
      only = list as Scenario[];
    } else throw new UsageError(`unknown option ${a} (options: --seed S, --quick, --only ${SCENARIOS.join('|')})`);
  }
  if (seed !== undefined && seed.trim() === '') throw new UsageError('--seed must not be empty');
  return plan(seed ?? now.toString(36), quick, only);
}

export function plan(seed: string, quick: boolean, only: Scenario[]): ChaosPlan {
  return {
    seed,
    quick,
    only,
    kill: {
      rounds: quick ? 3 : 20,
      devices: 32,
      timeScale: 0.05,
      concurrency: 16,
      // First kills: start-up (early), or a seeded point of the batch's progress plus jitter; later ones hit resumes.
      // A 32-device batch now ends ~4 s after start (issue 14's cuts): delays longer than that let
      // the batch finish before its kill fires, and the round does not count.
      earlyKillMs: [300, 2_000],
      progressJitterMs: 600,
      laterKillMs: [300, 3_000],
      resumeKillChance: 0.4,
      maxKills: 3,
      attemptDeadlineMs: 400_000,
    },
    unplug: { rounds: quick ? 1 : 4, eventsPerRound: 50, devices: 32, timeScale: 0.05, holdMs: [100, 2_500], gapMs: [20, 300], deadlineMs: 400_000 },
    mdm: { devices: quick ? 10 : 40, operations: quick ? 200 : 2_000, outages: quick ? 1 : 8, storms: quick ? 1 : 8, windowMs: quick ? [1_500, 3_000] : [1_000, 4_000], restarts: quick ? 1 : 6, drainDeadlineMs: 180_000 },
    fuzz: { cases: quick ? 1_000 : 10_000, caseDeadlineMs: 20_000 },
  };
}
