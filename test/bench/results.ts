/**
 * The one JSON object a run produces (`--json`, results/latest.json): headline figures at the top
 * for comparing runs, each suite's full report under `details`. Pure, so its shape is unit-tested.
 */
import type { Machine } from './machine.js';
import type { BaselineReport } from './suites/baseline.js';
import type { CartStartReport } from './suites/cart-start.js';
import type { CliStartReport } from './suites/cli.js';
import type { HotplugReport } from './suites/hotplug.js';
import type { PairingReport } from './suites/pairing.js';
import type { PrepareReport } from './suites/prepare.js';
import type { UiReport } from './suites/ui.js';
import { round } from './stats.js';

export interface SuiteReports {
  cart?: CartStartReport;
  prepare?: PrepareReport;
  /** The same Prepare pass at time scale 1 (life speed), when --time-scale compressed the first. */
  prepareLife?: PrepareReport;
  baseline?: BaselineReport;
  pairing?: PairingReport;
  hotplug?: HotplugReport;
  ui?: UiReport;
  cli?: CliStartReport;
}

type PerN = Record<string, number | null>;

export interface BenchResults {
  schema: 1;
  mode: 'quick' | 'full';
  startedAt: string;
  durationS: number;
  timeScale: number;
  machine: Machine;
  /** Per N (devices): Prepare wall time / ideal (median wall time of N = 1), at `timeScale`. */
  wallIdealRatio: PerN;
  /** The same at life speed (time scale 1); absent in runs from before 2026-12-04 evening. */
  wallIdealRatioLife?: PerN;
  /** Per N: the cart's share of the batch's CPU at life speed. */
  cartCpuShareLife?: PerN;
  /** Per N at life speed: wall time / the batch's slowest device alone (suites/prepare.ts); absent before 2026-12-04 night. */
  wallSlowestAloneRatioLife?: PerN;
  /** Per N: station CPU (user + system, all threads) during the batch / N. */
  cpuMsPerDevice: PerN;
  /** Per N: the station process's peak RSS. */
  rssMb: PerN;
  /** Per N: event-loop delay p99 beyond the 10 ms sampling interval, during the batch. */
  eventLoopLagP99Ms: PerN;
  /** Per N: the station's main-thread (JavaScript) CPU during the batch / N (threads.ts). */
  mainThreadCpuMsPerDevice: PerN;
  /** Per N, from the cart's counters over the batch: usbmuxd connections, lockdown sessions and TLS handshakes per device. */
  muxConnectionsPerDevice: PerN;
  lockdownSessionsPerDevice: PerN;
  tlsHandshakesPerDevice: PerN;
  /** Per N: the virtual cart's own CPU during the batch / N. */
  cartBatchCpuMsPerDevice: PerN;
  pairCpuMs: number | null;
  freshRsaKeygenCpuMs: number | null;
  detectP50Ms: number | null;
  detectP95Ms: number | null;
  /** Tools-loop wall time / Cartwright wall time, same work, same cart size. */
  speedupVsToolsLoop: { devices: number | null; sequential: number | null; parallel: number | null };
  uiFrameP95Ms: number | null;
  uiLongTasks: number | null;
  cartStartMs: number | null;
  cartRssMb: number | null;
  /** Median wall time of the installed command's start (suites/cli.ts), on an empty cart. */
  cliStartMs: { version: number | null; devices: number | null };
  errors: { suite: string; message: string }[];
  details: SuiteReports;
}

export interface ResultsInput {
  mode: 'quick' | 'full';
  startedAt: Date;
  durationS: number;
  timeScale: number;
  machine: Machine;
  reports: SuiteReports;
  errors: { suite: string; message: string }[];
}

function perN(reports: SuiteReports, pick: (row: PrepareReport['rows'][number]) => number | null, digits: number, report = reports.prepare): PerN {
  return Object.fromEntries((report?.rows ?? []).map((r) => [String(r.n), round(pick(r), digits)]));
}

export function buildResults(input: ResultsInput): BenchResults {
  const { reports: r } = input;
  return {
    schema: 1,
    mode: input.mode,
    startedAt: input.startedAt.toISOString(),
    durationS: round(input.durationS, 0) ?? 0,
    timeScale: input.timeScale,
    machine: input.machine,
    wallIdealRatio: perN(r, (x) => x.wallIdealRatio, 2),
    ...(r.prepareLife
      ? {
          wallIdealRatioLife: perN(r, (x) => x.wallIdealRatio, 2, r.prepareLife),
          cartCpuShareLife: perN(r, (x) => x.cartCpuShare ?? null, 2, r.prepareLife),
          wallSlowestAloneRatioLife: perN(r, (x) => x.wallSlowestAloneRatio ?? null, 2, r.prepareLife),
        }
      : {}),
    cpuMsPerDevice: perN(r, (x) => x.cpuMsPerDevice, 1),
    rssMb: perN(r, (x) => x.rssMb, 0),
    eventLoopLagP99Ms: perN(r, (x) => x.eventLoopLagP99Ms, 1),
    mainThreadCpuMsPerDevice: perN(r, (x) => x.stationCpuSplitMsPerDevice.main, 1),
    muxConnectionsPerDevice: perN(r, (x) => x.protocolPerDevice?.muxConnections ?? null, 1),
    lockdownSessionsPerDevice: perN(r, (x) => x.protocolPerDevice?.lockdownSessions ?? null, 1),
    tlsHandshakesPerDevice: perN(r, (x) => x.protocolPerDevice?.tlsHandshakes ?? null, 1),
    cartBatchCpuMsPerDevice: perN(r, (x) => x.cartBatchCpuMsPerDevice, 1),
    pairCpuMs: round(r.pairing?.cpuMsPerPair, 1),
    freshRsaKeygenCpuMs: round(r.pairing?.rsaKeygenCpuMs, 0),
    detectP50Ms: round(r.hotplug?.attachMs.p50, 1),
    detectP95Ms: round(r.hotplug?.attachMs.p95, 1),
    speedupVsToolsLoop: {
      devices: r.baseline?.devices ?? null,
      sequential: round(r.baseline?.speedupVsSequential, 1),
      parallel: round(r.baseline?.speedupVsParallel, 1),
    },
    uiFrameP95Ms: round(r.ui?.frameMs.p95, 1),
    uiLongTasks: r.ui?.longTasks ?? null,
    cartStartMs: round(r.cart?.startMs, 0),
    cartRssMb: round(r.cart?.rssMb, 0),
    cliStartMs: { version: r.cli?.version.medianMs ?? null, devices: r.cli?.devices.medianMs ?? null },
    errors: input.errors,
    details: r,
  };
}

const REQUIRED: Record<string, 'object' | 'number|null' | 'string' | 'array'> = {
  wallIdealRatio: 'object',
  cpuMsPerDevice: 'object',
  rssMb: 'object',
  eventLoopLagP99Ms: 'object',
  pairCpuMs: 'number|null',
  detectP95Ms: 'number|null',
  speedupVsToolsLoop: 'object',
  uiFrameP95Ms: 'number|null',
  cartStartMs: 'number|null',
  cartRssMb: 'number|null',
  machine: 'object',
  startedAt: 'string',
  errors: 'array',
};

/** What is missing or mistyped in a results object (empty = the shape holds), for the unit test and `--json` readers. */
export function shapeErrors(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['not an object'];
  const o = value as Record<string, unknown>;
  const errors: string[] = [];
  for (const [key, kind] of Object.entries(REQUIRED)) {
    const v = o[key];
    const ok =
      kind === 'array' ? Array.isArray(v) : kind === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : kind === 'string' ? typeof v === 'string' : v === null || typeof v === 'number';
    if (!ok) errors.push(`${key}: expected ${kind}`);
  }
  const machine = o.machine as Record<string, unknown> | undefined;
  for (const k of ['cpuModel', 'cores', 'memoryGb', 'os', 'node']) if (machine && !(k in machine)) errors.push(`machine.${k}: missing`);
  return errors;
}
