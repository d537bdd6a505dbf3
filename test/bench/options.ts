/** `npm run bench -- [--quick] [--json] [--time-scale X] [--only a,b] [--baseline-devices N]`: what runs and how big. */

export const SUITES = ['cart', 'prepare', 'baseline', 'pairing', 'hotplug', 'ui', 'cli'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  /** Multiplier on the realistic latency model (0.2 = five times faster than life). */
  timeScale: number;
  suites: SuiteName[];
  /** Prepare throughput sizes. */
  sizes: number[];
  /**
   * N = 1 runs, one device (seed) each, whose median wall time is the ideal. A device's think time
   * varies by some 80 ms (sd) from one device to the next, so a few fixed seeds can sit well off a
   * typical device: seeds 0–2, the ideal until 2026-12-04 late, were the 1st, 2nd and 8th
   * fastest-thinking of twelve and put the ideal about 12% under a typical device's time. Nine in
   * --quick too: three there showed the same lucky sample (about 30 s more).
   */
  idealRuns: number;
  /** Devices for the tools-loop comparison. */
  baselineDevices: number;
  /** xargs -P for the parallel tools loop. */
  toolsParallel: number;
  pairDevices: number;
  hotplugDevices: number;
  hotplugSamples: number;
  uiDevices: number;
  uiWindowMs: number;
  cartStarts: number;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const has = (flag: string) => argv.includes(flag);
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  const known = new Set(['--quick', '--json', '--time-scale', '--only', '--baseline-devices']);
  const valued = ['--time-scale', '--only', '--baseline-devices'];
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a.split('=')[0]!) && !(i > 0 && valued.includes(argv[i - 1]!)));
  if (unknown.length) throw new Error(`unknown option ${unknown[0]}; use --quick, --json, --time-scale X, --only ${SUITES.join(',')}, --baseline-devices N`);

  const quick = has('--quick');
  const timeScale = Number(value('--time-scale') ?? 0.2);
  if (!(timeScale > 0 && timeScale <= 1)) throw new Error('--time-scale must be within (0, 1]');
  // The comparison is at 32 and 100 devices: the full run does 100, `--baseline-devices 32` the other.
  const baselineDevices = value('--baseline-devices') === undefined ? undefined : Number(value('--baseline-devices'));
  if (baselineDevices !== undefined && !(Number.isInteger(baselineDevices) && baselineDevices >= 1 && baselineDevices <= 100)) throw new Error('--baseline-devices must be a whole number from 1 to 100');
  const only = value('--only');
  const suites = only ? only.split(',').map((s) => s.trim()) : [...SUITES];
  const bad = suites.find((s) => !(SUITES as readonly string[]).includes(s));
  if (bad) throw new Error(`unknown suite "${bad}"; choose from ${SUITES.join(', ')}`);

  return {
    quick,
    json: has('--json'),
    timeScale,
    suites: suites as SuiteName[],
    sizes: quick ? [1, 8, 32] : [1, 8, 32, 100],
    idealRuns: 9,
    baselineDevices: baselineDevices ?? (quick ? 8 : 100),
    toolsParallel: 8,
    pairDevices: quick ? 8 : 32,
    hotplugDevices: 100,
    hotplugSamples: quick ? 20 : 100,
    uiDevices: 100,
    uiWindowMs: quick ? 4000 : 12_000,
    cartStarts: quick ? 1 : 3,
  };
}
