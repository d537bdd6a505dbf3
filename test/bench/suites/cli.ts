/**
 * CLI cold start (issue 14: ≤ 0.2 s): `cartwright --version` and `cartwright devices --json` on an
 * empty cart (the virtual cart with no devices), each run 10 times as a technician's shell runs
 * the installed command (node bin/cartwright.cjs), median wall time from spawn to exit. The
 * bundle is built first (scripts/build-cli.mjs, as `npm ci` does), and every run says which code
 * it ran (CARTWRIGHT_DEBUG): in a checkout whose sources change during the run the command falls
 * back to tsx, and those runs are counted apart, never mixed into the figure. `node -e 0` beside
 * them is this machine's floor, and the CPU time of each run (the children's CPU from
 * /proc/self/stat) says how much of a slow wall time is a busy machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCart, ROOT } from '../cart-process.js';
import type { BenchContext } from '../context.js';
import { nowMs, removeDir, trackDir } from '../proc.js';
import { median, round } from '../stats.js';

const RUNS = 10;
const BIN = join(ROOT, 'bin', 'cartwright.cjs');

export interface CliCommandStart {
  command: string;
  /** Median wall time of the runs that ran the bundle (null when none did). */
  medianMs: number | null;
  /** Median CPU (user + system) of those runs, to 10 ms (the kernel's accounting tick). */
  medianCpuMs: number | null;
  runsMs: number[];
  /** Runs that fell back to the sources through tsx (a source changed since the build). */
  fromSources: number;
}

export interface CliStartReport {
  runs: number;
  version: CliCommandStart;
  /** `devices --json` on the empty cart. */
  devices: CliCommandStart;
  /** Median wall time of `node -e 0`: Node's own start on this machine now. */
  nodeFloorMs: number | null;
}

/** CPU of this process's exited, waited-for children so far (cutime + cstime), in ms. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

async function timed(args: string[], env: NodeJS.ProcessEnv): Promise<{ wallMs: number; cpuMs: number; stderr: string; code: number | null }> {
  const cpu0 = childrenCpuMs();
  const t0 = nowMs();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { wallMs: nowMs() - t0, cpuMs: childrenCpuMs() - cpu0, stderr, code };
}

async function measure(command: string[], env: NodeJS.ProcessEnv): Promise<CliCommandStart> {
  await timed([BIN, ...command], env); // warm-up: the station's data directory and the file cache
  const wall: number[] = [];
  const cpu: number[] = [];
  let fromSources = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed([BIN, ...command], { ...env, CARTWRIGHT_DEBUG: '1' });
    if (r.code !== 0) throw new Error(`cartwright ${command.join(' ')} exited ${r.code}: ${r.stderr.slice(-500)}`);
    if (r.stderr.includes('running the sources through tsx')) fromSources++;
    else {
      wall.push(r.wallMs);
      cpu.push(r.cpuMs);
    }
  }
  return { command: `cartwright ${command.join(' ')}`, medianMs: round(median(wall), 0), medianCpuMs: round(median(cpu), 0), runsMs: wall.map((v) => round(v, 0) ?? 0), fromSources };
}

export async function benchCli(ctx: BenchContext): Promise<CliStartReport> {
  ctx.log('cli start: building dist/cli/ (scripts/build-cli.mjs)');
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs'), '--required'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${build.stderr.slice(-500)}`);
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) floor.push((await timed(['-e', '0'], {})).wallMs);
  const dataDir = trackDir(mkdtempSync(join(tmpdir(), 'cw-bench-cli-')));
  try {
    return await withCart({ devices: 0, seed: 'bench-cli', latency: 'none' }, async (cart) => {
      const env = { CARTWRIGHT_DATA_DIR: dataDir, USBMUXD_SOCKET_ADDRESS: cart.usbmuxd };
      ctx.log(`cli start: cartwright --version and cartwright devices --json, ${RUNS} runs each`);
      const version = await measure(['--version'], env);
      const devices = await measure(['devices', '--json'], env);
      return { runs: RUNS, version, devices, nodeFloorMs: round(median(floor), 0) };
    });
  } finally {
    removeDir(dataDir);
  }
}
