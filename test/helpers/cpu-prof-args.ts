/**
 * `CARTWRIGHT_BENCH_CPU_PROF=DIR npm run bench …` writes V8 CPU profiles of the station
 * child (DIR/station) and the virtual cart (DIR/cart), so a bench figure can be traced
 * to the functions behind it without changing how the run is driven.
 */
export function cpuProfArgs(part: 'station' | 'cart'): string[] {
  const dir = process.env.CARTWRIGHT_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', `${dir}/${part}`] : [];
}
