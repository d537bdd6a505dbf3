import { describe, expect, it } from 'vitest';
import { prepareLayers } from '../../bench/prepare-layers.js';
import { summarize } from '../../bench/stats.js';
import type { BatchResult, CartCounters } from '../../bench/station-task.js';
import { cpuSplit, type ThreadKind } from '../../bench/threads.js';

const counts = (mux: number, sessions: number, services: Record<string, number>, fullReads: number, thinkMs = 0) => ({
  muxConnections: mux,
  tunnels: { lockdown: sessions + 1, service: Object.values(services).reduce((a, b) => a + b, 0) },
  lockdownSessions: sessions,
  tlsHandshakes: sessions,
  serviceStarts: Object.values(services).reduce((a, b) => a + b, 0),
  services,
  pairRecordReads: sessions,
  lockdownRequests: { 'GetValue *': fullReads, 'GetValue com.apple.mobile.battery/*': fullReads, 'GetValue ActivationState': 1, StartSession: sessions },
  mcinstallRequests: { GetCloudConfiguration: fullReads + 1, GetProfileList: fullReads },
  diagnosticsRequests: (fullReads > 2 ? { IORegistry: 2 } : {}) as Record<string, number>,
  thinkMs,
});

const counters: CartCounters = {
  since: '2026-12-03T10:00:00.000Z',
  muxConnectionsAccepted: 25,
  muxRequests: { Connect: 20, ListDevices: 1 },
  totals: {
    ...counts(20, 8, { 'com.apple.mobile.MCInstall': 4 }, 6, 2200),
    lockdownRequests: { 'GetValue *': 6, 'GetValue com.apple.mobile.battery/*': 6, 'GetValue ActivationState': 2, StartSession: 8 },
    mcinstallRequests: { GetCloudConfiguration: 8, GetProfileList: 6 },
    diagnosticsRequests: { IORegistry: 2 },
  },
  cartCpuMs: { user: 300, system: 100 },
  devices: { a: counts(12, 5, { 'com.apple.mobile.MCInstall': 3 }, 4, 900), b: counts(8, 3, { 'com.apple.mobile.MCInstall': 1 }, 2, 1300) },
};

const batch = (cartCounters: CartCounters | null): BatchResult => ({
  kind: 'batch',
  devices: 2,
  succeeded: 2,
  failures: [],
  readyMs: 700,
  wallMs: 5000,
  cpuMs: 600,
  cpuSplitMs: { main: 200, pool: 300, native: 50, platform: 40, exited: 10, total: 600 },
  start: { processStartedAtMs: 1005, mainStartedAtMs: 1900, batchStartedAtMs: 2800, cpuMs: 1200 },
  cartCounters,
  peakRssMb: 150,
  eventLoopLagP99Ms: 3,
  eventLoopLagMaxMs: 9,
  jobMs: summarize([4000, 4500]),
  stepP50Ms: {},
});

describe('Prepare per-layer figures', () => {
  it('splits CPU per device, times the process start and averages the cart counters per device', () => {
    const layers = prepareLayers(batch(counters), 1000);
    expect(layers.stationCpuSplitMsPerDevice).toEqual({ main: 100, pool: 150, native: 25, platform: 20, exited: 5 });
    expect(layers.processStart).toEqual({ spawnToReadyMs: 1800, runtimeMs: 900, openMs: 700, cpuMs: 1200 });
    expect(layers.protocolPerDevice).toMatchObject({
      muxConnections: 10,
      lockdownSessions: 4,
      tlsHandshakes: 4,
      serviceStarts: 2,
      muxSocketsAll: 12.5,
      max: { muxConnections: 12, lockdownSessions: 5, tlsHandshakes: 5, serviceStarts: 3 },
      services: { 'com.apple.mobile.MCInstall': 2 },
    });
    expect(layers.protocolPerDevice?.requests).toEqual({
      lockdown: 11,
      getValue: 7,
      wholeDomainGetValues: 3,
      batteryReads: 3,
      mcinstall: 7,
      cloudConfigurationReads: 4,
      profileListReads: 3,
      diagnostics: 1,
      max: { lockdown: 14, mcinstall: 9, diagnostics: 2 },
      lockdownByRequest: { 'GetValue *': 3, 'GetValue com.apple.mobile.battery/*': 3, 'GetValue ActivationState': 1, StartSession: 4 },
      mcinstallByType: { GetCloudConfiguration: 4, GetProfileList: 3 },
      diagnosticsByRequest: { IORegistry: 1 },
    });
    expect(layers.cartBatchCpuMsPerDevice).toBe(200);
    expect(layers.cartCpuShare).toBe(0.4);
    // The slowest device's think time bounds the batch; the mean is per device.
    expect(layers.deviceThinkMs).toEqual({ mean: 1100, max: 1300 });
  });

  it('has no think figures for a run saved before the cart counted think time', () => {
    const old = structuredClone(counters);
    const device = old.devices.a as Partial<NonNullable<typeof old.devices.a>>;
    delete device.thinkMs;
    expect(prepareLayers(batch(old), 1000).deviceThinkMs).toBeNull();
  });

  it('says null, never 0, without the cart counters', () => {
    expect(prepareLayers(batch(null), 1000)).toMatchObject({ protocolPerDevice: null, cartBatchCpuMsPerDevice: null, cartCpuShare: null, deviceThinkMs: null });
  });

  it('assigns thread CPU deltas by kind and puts threads that ended under exited', () => {
    const kindOf = (tid: number): ThreadKind => (tid === 1 ? 'main' : tid < 10 ? 'pool' : tid < 20 ? 'platform' : 'native');
    const before = { threads: new Map([[1, 100], [2, 50], [11, 5], [30, 40]]), processMs: 200 };
    // Thread 30 ended after 10 more ms; 31 started and used 20.
    const after = { threads: new Map([[1, 160], [2, 90], [11, 5], [31, 20]]), processMs: 330 };
    expect(cpuSplit(before, after, kindOf)).toEqual({ main: 60, pool: 40, platform: 0, native: 20, exited: 10, total: 130 });
  });
});
