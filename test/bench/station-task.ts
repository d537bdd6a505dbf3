/**
 * What the bench asks of a station child and what the child answers: one JSON line per message
 * on the child's stdout, each tagged `"bench"` so any stray output is ignored.
 */
import type { ProtocolCountersView } from '../emulator/index.js';
import type { Summary } from './stats.js';
import type { CpuSplit } from './threads.js';

/** GET /counters of the virtual cart (test/emulator/protocol-counters.ts). */
export type CartCounters = ProtocolCountersView;

export type StationTask =
  /** Stage every connected device with a blueprint: `prepare` (Configurator's Prepare) or `basic` (pair, inspect, rename). */
  | { kind: 'batch'; devices: number; blueprint: 'prepare' | 'basic'; concurrency: number; p12: string; password: string }
  /** Pair every device, one after another, with the station's persistent host identity. */
  | { kind: 'pair'; devices: number }
  /** Pair devices past setup through the Trust dialog, each tapped a while after it opened (trust-task.ts). */
  | { kind: 'trust'; devices: number; mode: 'event' | 'poll'; tapAfterMs: [number, number] }
  /** Keep the station running and report every watcher attach/detach until told to stop. */
  | { kind: 'hotplug'; devices: number };

export interface BatchResult {
  kind: 'batch';
  devices: number;
  succeeded: number;
  failures: { udid: string; state: string; code: string | null }[];
  /** Station.open → every device attached and read. */
  readyMs: number;
  /** startBatch → every job finished. */
  wallMs: number;
  cpuMs: number;
  /** The batch's CPU by thread kind (threads.ts), from /proc/self/task at batch start and end. */
  cpuSplitMs: CpuSplit;
  /**
   * Epoch ms: the process started (performance.timeOrigin), the runner's code began (Node, tsx and
   * every import loaded), the batch started; and the CPU spent before the batch.
   */
  start: { processStartedAtMs: number; mainStartedAtMs: number; batchStartedAtMs: number; cpuMs: number };
  /** The cart's counters over the batch alone; null when the bench gave no control URL. */
  cartCounters: CartCounters | null;
  peakRssMb: number;
  eventLoopLagP99Ms: number;
  eventLoopLagMaxMs: number;
  /** Per-device job durations (first step started → job finished). */
  jobMs: Summary;
  /** Median duration of each step across devices. */
  stepP50Ms: Record<string, number>;
}

export interface PairResult {
  kind: 'pair';
  devices: number;
  paired: number;
  cpuMsPerPair: number;
  wallMsPerPair: number;
  /** For context: what a fresh RSA-2048 key pair costs on this machine (median of a few). */
  rsaKeygenCpuMs: number;
  /** For context: a whole new host identity (two key pairs, two certificates), as libimobiledevice makes per pairing. */
  freshIdentityCpuMs: number;
  peakRssMb: number;
}

export interface TrustResult {
  kind: 'trust';
  mode: 'event' | 'poll';
  devices: number;
  paired: number;
  /** Tap sent to the cart → the station's pairing done. */
  tapToPairedMs: Summary;
  pairRequestsPerDevice: number | null;
  proxyStartsPerDevice: number;
}

export interface HotplugResult {
  kind: 'hotplug';
  peakRssMb: number;
  eventLoopLagP99Ms: number;
}

export type TaskResult = BatchResult | PairResult | TrustResult | HotplugResult;

export type ChildMessage =
  | { bench: 'ready'; readyMs: number; attached: number }
  | { bench: 'attach' | 'detach'; udid: string; t: number }
  | { bench: 'result'; result: TaskResult }
  | { bench: 'error'; message: string };

export function parseChildLine(line: string): ChildMessage | null {
  if (!line.startsWith('{"bench":')) return null;
  try {
    return JSON.parse(line) as ChildMessage;
  } catch {
    return null;
  }
}
