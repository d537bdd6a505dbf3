import { describe, expect, it } from 'vitest';
import { fmt, formatTable, readmeTable, textReport } from '../../bench/format.js';
import { parseOptions } from '../../bench/options.js';
import { buildResults, shapeErrors, type SuiteReports } from '../../bench/results.js';
import { parseLoopOutput } from '../../bench/suites/baseline.js';
import { summarize } from '../../bench/stats.js';

const machine = { cpuModel: 'Test CPU', cores: 2, memoryGb: 8, os: 'Debian 12, Linux 6.1', node: 'v20.19.0', loadAvg1m: 0.5 };

const row = (n: number, wallMs: number, idealMs: number) => ({
  n,
  runs: 1,
  wallMs,
  wallIdealRatio: wallMs / idealMs,
  cpuMsPerDevice: 120.44,
  rssMb: 150.2,
  eventLoopLagP99Ms: 12.34,
  eventLoopLagMaxMs: 40,
  cartCpuMsPerDevice: 200,
  succeeded: n,
  failures: [],
  jobP50Ms: 4000,
  jobMaxMs: 5000,
  stationReadyMs: 300,
  stepP50Ms: { pair: 1500 },
  stationCpuSplitMsPerDevice: { main: 40, pool: 60, native: 10, platform: 8, exited: 2 },
  processStart: { spawnToReadyMs: 1850, runtimeMs: 900, openMs: 700, cpuMs: 1400 },
  protocolPerDevice: {
    muxConnections: 30,
    lockdownTunnels: 12,
    serviceTunnels: 8,
    lockdownSessions: 11,
    tlsHandshakes: 11,
    serviceStarts: 8,
    pairRecordReads: 10,
    muxSocketsAll: 31,
    max: { muxConnections: 32, lockdownSessions: 12, tlsHandshakes: 12, serviceStarts: 9 },
    services: { 'com.apple.mobile.MCInstall': 5, 'com.apple.mobile.diagnostics_relay': 3 },
  },
  cartBatchCpuMsPerDevice: 90,
  cartCpuShare: 0.43,
});

const reports: SuiteReports = {
  prepare: { timeScale: 0.2, idealMs: 4000, idealRunsMs: [3900, 4000, 4100], rows: [row(1, 4000, 4000), row(100, 9000, 4000)] },
  prepareLife: { timeScale: 1, idealMs: 10_000, idealRunsMs: [10_000], rows: [row(1, 10_000, 10_000), row(100, 12_000, 10_000)] },
  pairing: {
    kind: 'pair', devices: 32, paired: 32, cpuMsPerPair: 48.25, wallMsPerPair: 70, rsaKeygenCpuMs: 80, freshIdentityCpuMs: 250, peakRssMb: 120,
    trust: {
      event: { kind: 'trust', mode: 'event', devices: 32, paired: 32, tapToPairedMs: summarize([10, 15, 40]), pairRequestsPerDevice: 2, proxyStartsPerDevice: 1 },
      poll: { kind: 'trust', mode: 'poll', devices: 32, paired: 32, tapToPairedMs: summarize([100, 450, 990]), pairRequestsPerDevice: 3.5, proxyStartsPerDevice: 0 },
    },
  },
  hotplug: { devices: 100, samples: 3, attachMs: summarize([20, 22, 30]), detachMs: summarize([60, 61, 70]), stationReadyMs: 900, stationRssMb: 160, stationEventLoopLagP99Ms: 2 },
  baseline: {
    devices: 100,
    timeScale: 0.2,
    sequential: { variant: 'tools, sequential', devices: 100, ok: 100, failures: [], wallMs: 300_000, cpuMsPerDevice: 600 },
    parallel: { variant: 'tools, xargs -P 8', devices: 100, ok: 100, failures: [], wallMs: 60_000, cpuMsPerDevice: 650 },
    cartwright: { variant: 'Cartwright station', devices: 100, ok: 100, failures: [], wallMs: 10_000, cpuMsPerDevice: 110, stationReadyMs: 800 },
    speedupVsSequential: 30,
    speedupVsParallel: 6,
  },
  cli: {
    runs: 10,
    version: { command: 'cartwright --version', medianMs: 81, medianCpuMs: 60, runsMs: [80, 81, 82], fromSources: 0 },
    devices: { command: 'cartwright devices --json', medianMs: 176, medianCpuMs: 150, runsMs: [170, 176], fromSources: 1 },
    nodeFloorMs: 40,
  },
};

const results = () => buildResults({ mode: 'full', startedAt: new Date('2025-01-01T10:00:00Z'), durationS: 600.4, timeScale: 0.2, machine, reports, errors: [] });

describe('bench results JSON', () => {
  it('carries every headline figure the issue asks for, per N where it varies with N', () => {
    const r = results();
    expect(shapeErrors(JSON.parse(JSON.stringify(r)))).toEqual([]);
    expect(r.wallIdealRatio).toEqual({ '1': 1, '100': 2.25 });
    expect(r.wallIdealRatioLife).toEqual({ '1': 1, '100': 1.2 });
    expect(r.cartCpuShareLife).toEqual({ '1': 0.43, '100': 0.43 });
    expect(r.cpuMsPerDevice['100']).toBe(120.4);
    expect(r.eventLoopLagP99Ms['100']).toBe(12.3);
    expect(r.pairCpuMs).toBe(48.3);
    expect(r.detectP95Ms).toBe(29.2);
    expect(r.speedupVsToolsLoop).toEqual({ devices: 100, sequential: 30, parallel: 6 });
    expect(r.uiFrameP95Ms).toBeNull(); // not measured in this run: null, never 0
    expect(r.machine.cores).toBe(2);
    expect(r.mainThreadCpuMsPerDevice['100']).toBe(40);
    expect(r.lockdownSessionsPerDevice['100']).toBe(11);
    expect(r.cartBatchCpuMsPerDevice['100']).toBe(90);
    expect(r.cliStartMs).toEqual({ version: 81, devices: 176 });
  });

  it('names what is missing or mistyped', () => {
    const broken = { ...JSON.parse(JSON.stringify(results())), detectP95Ms: 'fast' } as Record<string, unknown>;
    delete broken.cartRssMb;
    expect(shapeErrors(broken)).toEqual(['detectP95Ms: expected number|null', 'cartRssMb: expected number|null']);
    expect(shapeErrors(null)).toEqual(['not an object']);
  });
});

describe('bench tables', () => {
  it('pads columns and right-aligns numeric ones', () => {
    const t = formatTable(['name', 'ms'], [['a', 5], ['longer', 1234], ['none', null]]).split('\n');
    expect(t).toEqual(['name      ms', '------  ----', 'a          5', 'longer  1234', 'none       –']);
  });

  it('formats missing figures as a dash', () => {
    expect(fmt(null)).toBe('–');
    expect(fmt(1.234, 2, '×')).toBe('1.23×');
  });

  it('prints a section per suite that ran', () => {
    const text = textReport(results());
    expect(text).toContain('Prepare throughput, life speed (realistic latency × 1; ideal = median wall of N = 1 over 1 device = 10.00 s)');
    expect(text).toContain('Prepare throughput, compressed (realistic latency × 0.2;');
    expect(text).toContain('2.25×');
    expect(text).toContain('Hot-plug detection at 100 devices');
    expect(text).toContain('Prepare per layer');
    expect(text).toMatch(/request_pair notification +15 +\d+ +40 +2\.0 +1\.0 +32\/32/);
    expect(text).toMatch(/asking once a second +450 +\d+ +990 +3\.5 +0\.0 +32\/32/);
    expect(text).toContain('MCInstall 5.0, diagnostics_relay 3.0');
    expect(text).not.toContain('UI:');
    expect(text).toContain('CLI start on an empty cart, 10 runs each');
    expect(text).toMatch(/cartwright devices --json +176 +150 +170, 176 +1 of 10/);
  });

  it("says how the ideal's devices thought, so a lucky sample of devices shows beside the batch's mean device", () => {
    const r = results();
    // One run per entry of idealRunsMs; a run saved without the cart's counters has none.
    r.details.prepare = { ...r.details.prepare!, idealRunsThinkMs: [3100, null, 2900] };
    expect(textReport(r)).toContain('ideal = median wall of N = 1 over 3 devices = 4.00 s; their think 2.90–3.10 s, median 3.00 s)');
    r.details.prepare = { ...r.details.prepare, idealRunsThinkMs: [null, null, null] };
    expect(textReport(r)).toContain('ideal = median wall of N = 1 over 3 devices = 4.00 s)');
  });

  it('writes the README table at the largest cart with the machine description', () => {
    const md = readmeTable(results());
    expect(md).toContain('Test CPU, 2 cores, 8 GB, Debian 12, Linux 6.1, Node 20.19.0');
    expect(md).toContain('| at 100 devices | |');
    expect(md).toContain('| Prepare wall time / ideal (one device alone), life speed | 1.20× (ideal 10.00 s, median of 1 device; cart share 43%) |');
    expect(md).toContain('| Prepare wall time / ideal (one device alone), latency × 0.2 | 2.25× (ideal 4.00 s) |');
    expect(md).toContain('| … by thread: main (JavaScript) / libuv pool / native threads / V8 and start-up / exited | 40 / 60 / 10 / 8 / 2 ms |');
    expect(md).toContain('| Per device: usbmuxd connections / lockdown sessions / TLS handshakes / service starts | 30.0 / 11.0 / 11.0 / 8.0 |');
    expect(md).toContain('| Virtual cart CPU per device during the batch (its share of the batch\'s CPU) | 90 ms (43%) |');
    expect(md).toContain('| Trust tap → paired, p50 / max (32 devices past setup): notification / once-a-second poll | 15 / 40 ms (2.0 Pairs); 450 / 990 ms (3.5 Pairs) |');
    expect(md).toContain('| Speed-up over the libimobiledevice-tools loop (100 devices) | 30.0× sequential, 6.0× with xargs -P 8 |');
    expect(md).toContain('| CLI start, median wall: `cartwright --version` / `cartwright devices --json` (empty cart) | 81 ms / 176 ms |');
  });
});

describe('bench plumbing', () => {
  it('reads the tools loop output: devices done, failures, and the tools’ CPU from `times`', () => {
    const out = 'OK a\nFAIL b pair\nOK c\nTIMES\n0m0.010s 0m0.002s\n1m2.500s 0m0.500s\n';
    expect(parseLoopOutput(out)).toEqual({ ok: 2, failures: ['b pair'], cpuMs: 63_000 });
    expect(parseLoopOutput('OK a\n').cpuMs).toBeNull();
  });

  it('parses options: quick sizes, suites, time scale', () => {
    expect(parseOptions(['--quick']).sizes).toEqual([1, 8, 32]);
    expect(parseOptions([]).sizes).toEqual([1, 8, 32, 100]);
    expect(parseOptions(['--only', 'ui,cart', '--time-scale', '0.5'])).toMatchObject({ suites: ['ui', 'cart'], timeScale: 0.5 });
    expect(parseOptions(['--only', 'cli']).suites).toEqual(['cli']);
    expect(() => parseOptions(['--only', 'nope'])).toThrow(/unknown suite/);
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option/);
    expect(() => parseOptions(['--time-scale', '0'])).toThrow(/time-scale/);
    expect(parseOptions([]).baselineDevices).toBe(100);
    expect(parseOptions(['--only', 'baseline', '--baseline-devices', '32'])).toMatchObject({ suites: ['baseline'], baselineDevices: 32 });
    expect(() => parseOptions(['--baseline-devices', '0'])).toThrow(/baseline-devices/);
  });
});
