/**
 * A Prepare row's per-layer figures: where the station's CPU went (thread kinds), what starting
 * the process cost, how much protocol work each device needed (the cart's counters) and what the
 * cart itself burnt meanwhile. Pure, so its arithmetic is unit-tested.
 */
import { requestTotal } from '../emulator/protocol-counters.js';
import type { BatchResult, CartCounters } from './station-task.js';
import type { CpuSplit } from './threads.js';

export type CpuSplitPerDevice = Omit<CpuSplit, 'total'>;

export interface ProcessStart {
  /** spawn() → the batch could start (Node, tsx, imports, Station.open, every device read). */
  spawnToReadyMs: number;
  /** spawn() → the runner's code began (Node and tsx start, module loading). */
  runtimeMs: number;
  /** Station.open → every device attached and read. */
  openMs: number;
  /** CPU of all of it (process.cpuUsage() at batch start). */
  cpuMs: number;
}

/** Mean per device over the batch (from the cart's totals), and the busiest device's figure. */
export interface ProtocolPerDevice {
  muxConnections: number;
  lockdownTunnels: number;
  serviceTunnels: number;
  lockdownSessions: number;
  tlsHandshakes: number;
  serviceStarts: number;
  pairRecordReads: number;
  /** Every usbmuxd socket the station opened, also those naming no device (ListDevices, Listen), / N. */
  muxSocketsAll: number;
  max: { muxConnections: number; lockdownSessions: number; tlsHandshakes: number; serviceStarts: number };
  /** Service starts per device, by service name. */
  services: Record<string, number>;
  /** Absent from runs saved before the cart counted requests (2026-12-04). */
  requests?: RequestsPerDevice;
}

/**
 * The requests each device answered (mean per device; max = busiest device): what the station
 * read and changed once connected. A Prepare that reads a device's facts again and again shows
 * here as whole-domain GetValues, battery reads, GetCloudConfiguration and GetProfileList.
 */
export interface RequestsPerDevice {
  lockdown: number;
  getValue: number;
  /** GetValue without a Key on the lockdown domain: the identity values of a facts read. */
  wholeDomainGetValues: number;
  batteryReads: number;
  mcinstall: number;
  cloudConfigurationReads: number;
  profileListReads: number;
  diagnostics: number;
  max: { lockdown: number; mcinstall: number; diagnostics: number };
  /** Per device, by lockdown request (GetValue by domain/key), by MCInstall RequestType and by diagnostics request. */
  lockdownByRequest: Record<string, number>;
  mcinstallByType: Record<string, number>;
  diagnosticsByRequest: Record<string, number>;
}

export interface PrepareLayers {
  stationCpuSplitMsPerDevice: CpuSplitPerDevice;
  processStart: ProcessStart;
  protocolPerDevice: ProtocolPerDevice | null;
  /** The cart process's CPU during the batch alone, per device. */
  cartBatchCpuMsPerDevice: number | null;
  /** The cart's part of the CPU the batch used (cart / (cart + station)): how much of wall/ideal is the emulator. */
  cartCpuShare: number | null;
  /**
   * The devices' own think time (the cart's thinkMs: the latency model's delays, overlaps counted
   * once), mean and slowest device. Absent from runs saved before the cart counted it (2026-12-04).
   */
  deviceThinkMs?: { mean: number; max: number } | null;
}

function perDevice(split: CpuSplit, n: number): CpuSplitPerDevice {
  return { main: split.main / n, pool: split.pool / n, native: split.native / n, platform: split.platform / n, exited: split.exited / n };
}

const meanOf = (map: Record<string, number>, n: number): Record<string, number> => Object.fromEntries(Object.entries(map).map(([key, count]) => [key, count / n]));

function requestsPerDevice(counters: CartCounters, n: number): RequestsPerDevice {
  const { lockdownRequests: lockdown, mcinstallRequests: mcinstall, diagnosticsRequests: diagnostics } = counters.totals;
  const getValue = Object.entries(lockdown).reduce((sum, [key, count]) => (key.startsWith('GetValue') ? sum + count : sum), 0);
  const devices = Object.values(counters.devices);
  const max = (pick: (d: (typeof devices)[number]) => Record<string, number>) => devices.reduce((m, d) => Math.max(m, requestTotal(pick(d))), 0);
  return {
    lockdown: requestTotal(lockdown) / n,
    getValue: getValue / n,
    wholeDomainGetValues: (lockdown['GetValue *'] ?? 0) / n,
    batteryReads: (lockdown['GetValue com.apple.mobile.battery/*'] ?? 0) / n,
    mcinstall: requestTotal(mcinstall) / n,
    cloudConfigurationReads: (mcinstall.GetCloudConfiguration ?? 0) / n,
    profileListReads: (mcinstall.GetProfileList ?? 0) / n,
    diagnostics: requestTotal(diagnostics) / n,
    max: { lockdown: max((d) => d.lockdownRequests), mcinstall: max((d) => d.mcinstallRequests), diagnostics: max((d) => d.diagnosticsRequests) },
    lockdownByRequest: meanOf(lockdown, n),
    mcinstallByType: meanOf(mcinstall, n),
    diagnosticsByRequest: meanOf(diagnostics, n),
  };
}

export function protocolPerDevice(counters: CartCounters, n: number): ProtocolPerDevice {
  const t = counters.totals;
  const devices = Object.values(counters.devices);
  const max = (pick: (d: (typeof devices)[number]) => number) => devices.reduce((m, d) => Math.max(m, pick(d)), 0);
  return {
    muxConnections: t.muxConnections / n,
    lockdownTunnels: t.tunnels.lockdown / n,
    serviceTunnels: t.tunnels.service / n,
    lockdownSessions: t.lockdownSessions / n,
    tlsHandshakes: t.tlsHandshakes / n,
    serviceStarts: t.serviceStarts / n,
    pairRecordReads: t.pairRecordReads / n,
    muxSocketsAll: counters.muxConnectionsAccepted / n,
    max: {
      muxConnections: max((d) => d.muxConnections),
      lockdownSessions: max((d) => d.lockdownSessions),
      tlsHandshakes: max((d) => d.tlsHandshakes),
      serviceStarts: max((d) => d.serviceStarts),
    },
    services: meanOf(t.services, n),
    requests: requestsPerDevice(counters, n),
  };
}

/** Runs saved before the cart counted think time have no thinkMs on their devices. */
function deviceThink(counters: CartCounters, n: number): { mean: number; max: number } | null {
  const devices = Object.values(counters.devices);
  if (devices.length === 0 || devices.some((d) => typeof d.thinkMs !== 'number')) return null;
  return { mean: devices.reduce((sum, d) => sum + d.thinkMs, 0) / n, max: devices.reduce((m, d) => Math.max(m, d.thinkMs), 0) };
}

export function prepareLayers(r: BatchResult, spawnedAtMs: number): PrepareLayers {
  const n = Math.max(1, r.devices);
  const cartCpu = r.cartCounters ? r.cartCounters.cartCpuMs.user + r.cartCounters.cartCpuMs.system : null;
  return {
    stationCpuSplitMsPerDevice: perDevice(r.cpuSplitMs, n),
    processStart: {
      spawnToReadyMs: r.start.batchStartedAtMs - spawnedAtMs,
      runtimeMs: r.start.mainStartedAtMs - spawnedAtMs,
      openMs: r.readyMs,
      cpuMs: r.start.cpuMs,
    },
    protocolPerDevice: r.cartCounters ? protocolPerDevice(r.cartCounters, n) : null,
    cartBatchCpuMsPerDevice: cartCpu === null ? null : cartCpu / n,
    cartCpuShare: cartCpu === null || cartCpu + r.cpuMs <= 0 ? null : cartCpu / (cartCpu + r.cpuMs),
    deviceThinkMs: r.cartCounters ? deviceThink(r.cartCounters, n) : null,
  };
}
