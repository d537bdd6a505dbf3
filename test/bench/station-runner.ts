/**
 * The station as its own process for the benchmark (`tsx test/bench/station-runner.ts TASK DATADIR`):
 * opens the real Station on the cart named by USBMUXD_SOCKET_ADDRESS, runs one task and reports
 * on stdout (station-task.ts). Its own process, so process.cpuUsage(), maxRSS and the event-loop
 * histogram describe the station alone, never the cart or the bench.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { callApi } from '../../electron/cli/api-call.js';
import { waitForJobs } from '../../electron/cli/batch-wait.js';
import type { Output } from '../../electron/cli/output.js';
import { createHostIdentity, DeviceLayer, fileHostIdentityStore } from '../../electron/device/index.js';
import { nativeTransport } from '../../electron/device/transport.js';
import { parseBlueprint, type Blueprint } from '../../electron/staging/blueprint.js';
import { prepareBlueprint } from '../../electron/staging/prepare.js';
import { Station } from '../../electron/station/station.js';
import { secretBoxFrom } from '../../electron/store/secret-box.js';
import { stationInternals } from '../../electron/station/station-internals.js';
import type { IdentitySource } from '../../electron/station/supervisor.js';
import { median, summarize } from './stats.js';
import type { BatchResult, CartCounters, ChildMessage, HotplugResult, PairResult, StationTask } from './station-task.js';
import { classifyStartupThreads, cpuSplit, sampleThreads, type ThreadKind } from './threads.js';
import { runTrust } from './trust-task.js';

const ENROLL_PROFILE = join(import.meta.dirname, '..', 'fixtures', 'profiles', 'mdm-enrollment.mobileconfig');
const LOOP_RESOLUTION_MS = 10;
const TASK_TIMEOUT_MS = 15 * 60_000;

/** When this module's code began to run: Node and tsx started and every import loaded. */
const mainStartedAtMs = performance.timeOrigin + performance.now();
const send = (msg: ChildMessage) => process.stdout.write(`${JSON.stringify(msg)}\n`);
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Closing must not cost a measurement already taken: the station is being extended while this
 * bench exists, and a failure while shutting down is reported on stderr, not as the result.
 */
async function closeQuietly(station: Station): Promise<void> {
  try {
    await station.close();
  } catch (e) {
    process.stderr.write(`station-runner: Station.close failed: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}

function loopMonitor(): IntervalHistogram {
  const h = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  h.enable();
  return h;
}

/** The histogram records when the sampling timer fired, resolution included: lag is what exceeds it. */
function lagMs(h: IntervalHistogram, p: number | 'max'): number {
  const ns = p === 'max' ? h.max : h.percentile(p);
  return Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
}

async function openStation(dataDir: string, devices: number, identity: IdentitySource, concurrency = 8): Promise<{ station: Station; readyMs: number }> {
  const t0 = performance.now();
  const station = await Station.open({ dataDir, concurrency, identity, trustTimeoutMs: 60_000, actor: 'bench', source: 'cli' });
  await stationInternals(station).layer.watcher.waitForCount(devices, 60_000);
  await station.ready(60_000);
  return { station, readyMs: performance.now() - t0 };
}

function benchBlueprint(kind: 'prepare' | 'basic'): Blueprint {
  if (kind === 'prepare') {
    const data = readFileSync(ENROLL_PROFILE).toString('base64');
    return prepareBlueprint({ name: 'Bench Prepare', enrollProfile: { name: 'mdm-enrollment.mobileconfig', data }, enrollMode: 'install', nameTemplate: 'Bench-{n:3}' });
  }
  // The same work as the admins' tools loop: pair, read identity and battery (a snapshot), rename.
  const parsed = parseBlueprint({ name: 'Bench Basic', steps: [{ type: 'pair' }, { type: 'inspect' }, { type: 'rename', template: 'Bench-{n:3}' }] });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.blueprint;
}

const silent: Output = { json: true, result: () => undefined, progress: () => undefined, error: () => undefined };

/**
 * The cart's protocol counters (test/emulator/protocol-counters.ts) over its control API, when the
 * bench named it (CARTWRIGHT_BENCH_CART_CONTROL): reset at batch start, read at the end, so they
 * count the batch alone. Outside the CPU window, so the station's figures do not include them.
 */
async function cartCounters(method: 'GET' | 'DELETE'): Promise<CartCounters | null> {
  const control = process.env.CARTWRIGHT_BENCH_CART_CONTROL;
  if (!control) return null;
  const res = await fetch(`${control}/counters`, { method, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`cart ${method} /counters: ${res.status}`);
  return (await res.json()) as CartCounters;
}

async function runBatch(task: Extract<StationTask, { kind: 'batch' }>, dataDir: string, kindOf: (tid: number) => ThreadKind): Promise<BatchResult> {
  const identity: IdentitySource = task.blueprint === 'prepare' ? { kind: 'pkcs12', file: task.p12, password: task.password } : { kind: 'none' };
  const { station, readyMs } = await openStation(dataDir, task.devices, identity, task.concurrency);
  const { runner, store } = stationInternals(station);
  try {
    const blueprint = benchBlueprint(task.blueprint);
    await callApi(station, 'blueprints.save', { body: blueprint });
    // Load the supervision identity (PKCS#12 decryption) before the clock starts: a station does it once.
    if (task.blueprint === 'prepare' && !stationInternals(station).secrets.identity()) throw new Error('no supervision identity');
    // Likewise the host identity: a station opens its sealed pairing keys (a scrypt) once, not per batch.
    await stationInternals(station).layer.hostIdentity();
    station.activateStaging({ resumeAttached: false });
    const firstStep = new Map<string, number>();
    const jobMs: number[] = [];
    const stepMs = new Map<string, number[]>();
    const off = runner.on((e) => {
      if (e.type === 'step-started' && !firstStep.has(e.jobId)) firstStep.set(e.jobId, performance.now());
      if (e.type === 'step-finished' && e.outcome !== 'skipped') stepMs.set(e.step, [...(stepMs.get(e.step) ?? []), e.durationMs]);
      if (e.type === 'job-finished') jobMs.push(performance.now() - (firstStep.get(e.jobId) ?? performance.now()));
    });
    await cartCounters('DELETE');
    const loop = loopMonitor();
    const startedAtMs = nowMs();
    const threads0 = sampleThreads();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { jobIds } = await callApi(station, 'staging.start', { udids: 'all', blueprint: blueprint.name });
    await waitForJobs(station, jobIds, silent, 30_000);
    const wallMs = performance.now() - t0;
    const cpu = cpuMs(process.cpuUsage(cpu0));
    const threads1 = sampleThreads();
    loop.disable();
    off();
    const counters = await cartCounters('GET');
    const jobs = jobIds.map((id) => store.jobs.get(id)).filter((j) => j !== undefined);
    return {
      kind: 'batch',
      devices: jobIds.length,
      succeeded: jobs.filter((j) => j.state === 'succeeded').length,
      failures: jobs.filter((j) => j.state !== 'succeeded').map((j) => ({ udid: j.udid, state: j.state, code: j.errorCode ?? null })),
      readyMs,
      wallMs,
      cpuMs: cpu,
      cpuSplitMs: cpuSplit(threads0, threads1, kindOf),
      // Everything before the batch: Node and tsx start, module loading, Station.open, first reads.
      start: { processStartedAtMs: performance.timeOrigin, mainStartedAtMs, batchStartedAtMs: startedAtMs, cpuMs: cpuMs(cpu0) },
      cartCounters: counters,
      peakRssMb: peakRssMb(),
      eventLoopLagP99Ms: lagMs(loop, 99),
      eventLoopLagMaxMs: lagMs(loop, 'max'),
      jobMs: summarize(jobMs),
      stepP50Ms: Object.fromEntries([...stepMs].map(([k, v]) => [k, median(v) ?? 0])),
    };
  } finally {
    await closeQuietly(station);
  }
}

function cpuOf(work: () => void): number {
  const before = process.cpuUsage();
  work();
  return cpuMs(process.cpuUsage(before));
}

/** Pairing alone, on the device layer (a Station would also read each device once it is paired). */
async function runPair(task: Extract<StationTask, { kind: 'pair' }>, dataDir: string): Promise<PairResult> {
  const layer = new DeviceLayer({ transport: nativeTransport(), identity: fileHostIdentityStore(join(dataDir, 'host-identity.json'), () => secretBoxFrom()) });
  layer.start();
  try {
    // Opening the sealed host identity (a scrypt) happens once per station, not per pairing.
    await layer.hostIdentity();
    await layer.watcher.waitForCount(task.devices, 60_000);
    const udids = layer.watcher.list().map((d) => d.udid);
    let paired = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const udid of udids) {
      await layer.ensurePaired(udid, { trustTimeoutMs: 30_000 });
      paired++;
    }
    const wall = performance.now() - t0;
    const cpu = cpuMs(process.cpuUsage(cpu0));
    const keygens = [0, 1, 2].map(() => cpuOf(() => generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 })));
    const before = process.cpuUsage();
    await createHostIdentity();
    const fresh = cpuMs(process.cpuUsage(before));
    return { kind: 'pair', devices: udids.length, paired, cpuMsPerPair: cpu / udids.length, wallMsPerPair: wall / udids.length, rsaKeygenCpuMs: median(keygens) ?? 0, freshIdentityCpuMs: fresh, peakRssMb: peakRssMb() };
  } finally {
    await layer.stop();
  }
}

async function runHotplug(task: Extract<StationTask, { kind: 'hotplug' }>, dataDir: string): Promise<HotplugResult> {
  const { station, readyMs } = await openStation(dataDir, task.devices, { kind: 'none' });
  try {
    // Registered after the station's own listeners: the time stamp is taken once the station has
    // handled the attach (registry, slot, journal), which is what a technician waits for.
    const { watcher } = stationInternals(station).layer;
    watcher.on('attach', (d) => send({ bench: 'attach', udid: d.udid, t: nowMs() }));
    watcher.on('detach', (d) => send({ bench: 'detach', udid: d.udid, t: nowMs() }));
    const loop = loopMonitor();
    send({ bench: 'ready', readyMs, attached: watcher.list().length });
    await new Promise<void>((resolve) => {
      const lines = createInterface({ input: process.stdin });
      lines.on('line', (l) => l.trim() === 'stop' && resolve());
      lines.on('close', () => resolve());
    });
    loop.disable();
    return { kind: 'hotplug', peakRssMb: peakRssMb(), eventLoopLagP99Ms: lagMs(loop, 99) };
  } finally {
    await closeQuietly(station);
  }
}

async function main(): Promise<void> {
  // A profiled run ends on its own so V8 can write the profile; SIGTERM would lose it.
  if (process.env.CARTWRIGHT_BENCH_CPU_PROF) process.on('SIGTERM', () => undefined);
  const [taskJson, dataDir] = process.argv.slice(2);
  if (!taskJson || !dataDir) throw new Error('usage: station-runner.ts TASK_JSON DATA_DIR');
  const task = JSON.parse(taskJson) as StationTask;
  // Before anything opens a device, so every thread made later counts as the native libraries'.
  const kindOf = await classifyStartupThreads();
  const run =
    task.kind === 'batch' ? runBatch(task, dataDir, kindOf) : task.kind === 'pair' ? runPair(task, dataDir) : task.kind === 'trust' ? runTrust(task, dataDir) : runHotplug(task, dataDir);
  const timeout = setTimeout(() => {
    send({ bench: 'error', message: `station task ${task.kind} did not finish within ${TASK_TIMEOUT_MS / 60_000} min` });
    process.exit(1);
  }, TASK_TIMEOUT_MS);
  timeout.unref();
  send({ bench: 'result', result: await run });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    send({ bench: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exit(1);
  },
);
