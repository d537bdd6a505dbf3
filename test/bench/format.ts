/** The printed table, and the short markdown table the README carries. Pure (unit-tested). */
import { machineLine } from './machine.js';
import type { BenchResults } from './results.js';
import { median } from './stats.js';

export type Cell = string | number | null | undefined;

export function fmt(value: number | null | undefined, digits = 1, suffix = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${value.toFixed(digits)}${suffix}`;
}

/** Columns padded to their widest cell; numbers (and figures like "1.8×") right-aligned. */
export function formatTable(headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => headers.map((_, i) => (r[i] === null || r[i] === undefined ? '–' : String(r[i]))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]!.length)));
  const numeric = headers.map((_, i) => text.length > 0 && text.every((r) => /^[-–+]?[\d.,]+\s*[×%a-zA-Z/]*$|^–$/.test(r[i]!)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

function section(title: string, body: string): string {
  return `\n${title}\n${body}\n`;
}

export function textReport(r: BenchResults): string {
  const d = r.details;
  const out: string[] = [`Cartwright benchmark (${r.mode}, time scale ${r.timeScale}, ${r.durationS} s) — ${machineLine(r.machine)}`];
  if (d.prepareLife) out.push(throughputSection(d.prepareLife, 'life speed'));
  if (d.prepare) {
    out.push(throughputSection(d.prepare, d.prepare.timeScale === 1 ? 'life speed' : 'compressed'));
    out.push(section('Prepare per layer: the station\'s batch CPU per device by thread, its process start, and the cart beside it', layerTable(d.prepare.rows)));
    out.push(section('Prepare protocol work per device during the batch (virtual cart counters; max = busiest device)', protocolTable(d.prepare.rows)));
    out.push(section('Prepare device requests per device during the batch (cart counters; facts reads = whole-domain GetValue, battery, GetCloudConfiguration, GetProfileList)', requestTable(d.prepare.rows)));
  }
  if (d.baseline) {
    const b = d.baseline;
    const speed = (wall: number) => fmt(wall / b.cartwright.wallMs, 1, '×');
    out.push(
      section(
        `Pair + identity + battery + rename, ${b.devices} devices, fresh cart each (speed-up = tools wall / Cartwright wall)`,
        formatTable(
          ['variant', 'wall s', 'host CPU ms/dev', 'ok', 'Cartwright speed-up'],
          [b.sequential, b.parallel, b.cartwright].map((v) => [v.variant, fmt(v.wallMs / 1000, 1), fmt(v.cpuMsPerDevice, 0), `${v.ok}/${v.devices}`, v === b.cartwright ? '' : speed(v.wallMs)]),
        ),
      ),
    );
  }
  if (d.pairing) {
    const p = d.pairing;
    out.push(
      section(
        `Pairing, ${p.devices} devices, no latency (host side only)`,
        formatTable(
          ['pair CPU ms/dev (persistent identity)', 'pair wall ms/dev', 'fresh RSA-2048 keygen CPU ms', 'fresh host identity CPU ms'],
          [[fmt(p.cpuMsPerPair, 1), fmt(p.wallMsPerPair, 1), fmt(p.rsaKeygenCpuMs, 0), fmt(p.freshIdentityCpuMs, 0)]],
        ),
      ),
    );
    if (p.trust) out.push(section(`Pairing through the Trust dialog, ${p.trust.event.devices} devices past setup, tapped one after another (tap sent → paired)`, trustTable(p.trust)));
  }
  if (d.hotplug) {
    const h = d.hotplug;
    out.push(
      section(
        `Hot-plug detection at ${h.devices} devices (control API request → station watcher event), ${h.samples} samples`,
        formatTable(
          ['event', 'p50 ms', 'p95 ms', 'max ms'],
          [
            ['attach', fmt(h.attachMs.p50, 1), fmt(h.attachMs.p95, 1), fmt(h.attachMs.max, 1)],
            ['detach (confirmed)', fmt(h.detachMs.p50, 1), fmt(h.detachMs.p95, 1), fmt(h.detachMs.max, 1)],
          ],
        ),
      ),
    );
  }
  if (d.ui) {
    const u = d.ui;
    out.push(
      section(
        `UI: ${u.tiles} tiles, every device updated at ${u.hz} Hz, ${fmt(u.windowMs / 1000, 0)} s in headless Chromium`,
        formatTable(
          ['page', 'frames', 'frame p50 ms', 'frame p95 ms', 'frame max ms', 'long tasks', 'long-task total ms', 'grid mutations/s', 'main-thread CPU ms/frame', 'raster CPU ms/s'],
          [
            ['at rest', u.idleFrameMs.count, fmt(u.idleFrameMs.p50, 1), fmt(u.idleFrameMs.p95, 1), fmt(u.idleFrameMs.max, 1), u.idleLongTasks, '', '', fmt(u.idleMainThreadCpuMsPerFrame ?? null, 1), ''],
            ['10 Hz updates', u.frames, fmt(u.frameMs.p50, 1), fmt(u.frameMs.p95, 1), fmt(u.frameMs.max, 1), u.longTasks, fmt(u.longTaskTotalMs, 0), fmt(u.gridMutationsPerSec, 0), fmt(u.mainThreadCpuMsPerFrame ?? null, 1), fmt(u.workerCpuMsPerSec ?? null, 0)],
          ],
        ),
      ),
    );
  }
  if (d.cart) {
    out.push(section(`Virtual cart start-up, ${d.cart.devices} devices`, formatTable(['start ms (median)', 'runs ms', 'RSS MB'], [[fmt(d.cart.startMs, 0), d.cart.startsMs.join(', '), fmt(d.cart.rssMb, 0)]])));
  }
  if (d.cli) {
    const c = d.cli;
    const row = (x: typeof c.version) => [x.command, fmt(x.medianMs, 0), fmt(x.medianCpuMs, 0), x.runsMs.join(', '), x.fromSources ? `${x.fromSources} of ${c.runs}` : ''];
    out.push(
      section(
        `CLI start on an empty cart, ${c.runs} runs each (node bin/cartwright.cjs, spawn → exit; node -e 0 takes ${fmt(c.nodeFloorMs, 0)} ms here)`,
        formatTable(['command', 'median ms', 'median CPU ms', 'runs ms', 'ran the sources (tsx)'], [row(c.version), row(c.devices)]),
      ),
    );
  }
  if (r.errors.length) out.push(section('Errors', r.errors.map((e) => `${e.suite}: ${e.message}`).join('\n')));
  return out.join('\n');
}

type TrustPasses = NonNullable<NonNullable<BenchResults['details']['pairing']>['trust']>;

function trustTable(t: TrustPasses): string {
  const row = (x: TrustPasses['event'], what: string) => [what, fmt(x.tapToPairedMs.p50, 0), fmt(x.tapToPairedMs.p95, 0), fmt(x.tapToPairedMs.max, 0), fmt(x.pairRequestsPerDevice, 1), fmt(x.proxyStartsPerDevice, 1), `${x.paired}/${x.devices}`];
  return formatTable(
    ['station waits by', 'p50 ms', 'p95 ms', 'max ms', 'Pair requests/dev', 'proxy starts/dev', 'paired'],
    [row(t.event, 'request_pair notification'), row(t.poll, 'asking once a second')],
  );
}

type PrepareReport = NonNullable<BenchResults['details']['prepare']>;
type PrepareRows = PrepareReport['rows'];

function throughputSection(p: PrepareReport, speed: string): string {
  return section(
    `Prepare throughput, ${speed} (realistic latency × ${p.timeScale}; ideal = median wall of N = 1 over ${devicesWord(p.idealRunsMs.length)} = ${fmt((p.idealMs ?? NaN) / 1000, 2)} s${idealThinkNote(p)})`,
    formatTable(
      ['N', 'wall s', 'wall/ideal', 'mean think s', 'slowest think s', 'slowest alone s', 'wall/slowest alone', 'station CPU ms/dev', 'cart CPU ms/dev', 'cart share', 'station RSS MB', 'loop lag p99 ms', 'job p50 s', 'ok'],
      p.rows.map((x) => [x.n, fmt(x.wallMs / 1000, 2), fmt(x.wallIdealRatio, 2, '×'), fmt((x.deviceThinkMs?.mean ?? NaN) / 1000, 2), fmt((x.deviceThinkMs?.max ?? NaN) / 1000, 2), fmt((x.slowestAloneMs ?? NaN) / 1000, 2), fmt(x.wallSlowestAloneRatio, 2, '×'), fmt(x.cpuMsPerDevice, 0), fmt(x.cartCpuMsPerDevice, 0), fmt((x.cartCpuShare ?? NaN) * 100, 0, '%'), fmt(x.rssMb, 0), fmt(x.eventLoopLagP99Ms, 1), fmt((x.jobP50Ms ?? NaN) / 1000, 2), `${x.succeeded}/${x.n}`]),
    ),
  );
}

const devicesWord = (n: number): string => `${n} device${n === 1 ? '' : 's'}`;

/** The ideal's devices' think times, to hold beside each row's mean device: a lucky sample shows. */
function idealThinkNote(p: PrepareReport): string {
  const thinks = (p.idealRunsThinkMs ?? []).filter((t): t is number => t !== null);
  if (!thinks.length) return '';
  return `; their think ${fmt(Math.min(...thinks) / 1000, 2)}–${fmt(Math.max(...thinks) / 1000, 2)} s, median ${fmt((median(thinks) ?? NaN) / 1000, 2)} s`;
}

function layerTable(rows: PrepareRows): string {
  return formatTable(
    ['N', 'main (JS) ms', 'libuv pool ms', 'native threads ms', 'V8/start-up ms', 'exited ms', 'start s', 'start CPU ms', 'cart ms/dev', 'cart share', 'wall/ideal'],
    rows.map((x) => {
      const c = x.stationCpuSplitMsPerDevice;
      const p = x.processStart;
      return [x.n, fmt(c.main, 0), fmt(c.pool, 0), fmt(c.native, 0), fmt(c.platform, 0), fmt(c.exited, 0), fmt(p.spawnToReadyMs / 1000, 2), fmt(p.cpuMs, 0), fmt(x.cartBatchCpuMsPerDevice, 0), fmt((x.cartCpuShare ?? NaN) * 100, 0, '%'), fmt(x.wallIdealRatio, 2, '×')];
    }),
  );
}

function protocolTable(rows: PrepareRows): string {
  return formatTable(
    ['N', 'usbmuxd conns', 'all mux sockets', 'lockdown tunnels', 'sessions', 'TLS handshakes', 'service starts', 'max conns', 'max sessions', 'top services'],
    rows.map((x) => {
      const p = x.protocolPerDevice;
      const top = p ? Object.entries(p.services).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, n]) => `${name.replace(/^com\.apple\.(mobile\.)?/, '')} ${fmt(n, 1)}`).join(', ') : '';
      return [x.n, fmt(p?.muxConnections, 1), fmt(p?.muxSocketsAll, 1), fmt(p?.lockdownTunnels, 1), fmt(p?.lockdownSessions, 1), fmt(p?.tlsHandshakes, 1), fmt(p?.serviceStarts, 1), fmt(p?.max.muxConnections, 0), fmt(p?.max.lockdownSessions, 0), top];
    }),
  );
}

function requestTable(rows: PrepareRows): string {
  return formatTable(
    ['N', 'lockdown', 'GetValue', 'whole-domain GetValue', 'battery GetValue', 'MCInstall', 'GetCloudConfiguration', 'GetProfileList', 'diagnostics', 'max lockdown', 'max MCInstall'],
    rows.map((x) => {
      // Rows saved before the cart counted requests have none.
      const q = x.protocolPerDevice?.requests;
      return [x.n, fmt(q?.lockdown, 1), fmt(q?.getValue, 1), fmt(q?.wholeDomainGetValues, 1), fmt(q?.batteryReads, 1), fmt(q?.mcinstall, 1), fmt(q?.cloudConfigurationReads, 1), fmt(q?.profileListReads, 1), fmt(q?.diagnostics, 1), fmt(q?.max.lockdown, 0), fmt(q?.max.mcinstall, 0)];
    }),
  );
}

/** The README's table: figures at the largest cart measured, with the machine they come from. */
export function readmeTable(r: BenchResults): string {
  const rows = r.details.prepare?.rows ?? [];
  const top = rows.length ? rows.reduce((a, b) => (b.n > a.n ? b : a)) : undefined;
  const n = top?.n ?? 100;
  const life = r.details.prepareLife?.rows.find((x) => x.n === n);
  const s = r.speedupVsToolsLoop;
  const ui = r.details.ui;
  const lines = [
    `| at ${n} devices | |`,
    '|---|---|',
    ...(life
      ? [
          `| Prepare wall time / ideal (one device alone), life speed | ${fmt(life.wallIdealRatio, 2, '×')} (ideal ${fmt((r.details.prepareLife?.idealMs ?? NaN) / 1000, 2, ' s')}, median of ${devicesWord(r.details.prepareLife?.idealRunsMs.length ?? 0)}; cart share ${fmt((life.cartCpuShare ?? NaN) * 100, 0, '%')}) |`,
          `| Prepare wall time / the batch's slowest device alone, life speed | ${fmt(life.wallSlowestAloneRatio, 2, '×')} (slowest alone ${fmt((life.slowestAloneMs ?? NaN) / 1000, 2, ' s')}) |`,
        ]
      : []),
    `| Prepare wall time / ideal (one device alone), latency × ${r.details.prepare?.timeScale ?? r.timeScale} | ${fmt(top?.wallIdealRatio, 2, '×')} (ideal ${fmt((r.details.prepare?.idealMs ?? NaN) / 1000, 2, ' s')}) |`,
    `| Station CPU per device | ${fmt(top?.cpuMsPerDevice, 0, ' ms')} |`,
    `| … by thread: main (JavaScript) / libuv pool / native threads / V8 and start-up / exited | ${cpuSplitCell(top)} |`,
    `| Station process start: spawn → ready (its CPU) | ${fmt((top?.processStart.spawnToReadyMs ?? NaN) / 1000, 2, ' s')} (${fmt(top?.processStart.cpuMs, 0, ' ms')}) |`,
    `| Per device: usbmuxd connections / lockdown sessions / TLS handshakes / service starts | ${protocolCell(top)} |`,
    `| Virtual cart CPU per device during the batch (its share of the batch's CPU) | ${fmt(top?.cartBatchCpuMsPerDevice, 0, ' ms')} (${fmt((top?.cartCpuShare ?? NaN) * 100, 0, '%')}) |`,
    `| Station peak RSS | ${fmt(top?.rssMb, 0, ' MB')} |`,
    `| Station event-loop lag p99 | ${fmt(top?.eventLoopLagP99Ms, 1, ' ms')} |`,
    ...(r.details.pairing?.trust ? [`| Trust tap → paired, p50 / max (${r.details.pairing.trust.event.devices} devices past setup): notification / once-a-second poll | ${trustCell(r.details.pairing.trust)} |`] : []),
    `| Hot-plug detection p95 (${r.details.hotplug?.devices ?? '–'} devices) | ${fmt(r.detectP95Ms, 1, ' ms')} |`,
    `| Speed-up over the libimobiledevice-tools loop (${s.devices ?? '–'} devices) | ${fmt(s.sequential, 1, '×')} sequential, ${fmt(s.parallel, 1, '×')} with xargs -P 8 |`,
    `| UI: ${ui?.tiles ?? 100} tiles updating at ${ui?.hz ?? 10} Hz, frame time p95 | ${fmt(r.uiFrameP95Ms, 1, ' ms')} (${r.uiLongTasks ?? '–'} long tasks) |`,
    `| CLI start, median wall: \`cartwright --version\` / \`cartwright devices --json\` (empty cart) | ${fmt(r.cliStartMs.version, 0, ' ms')} / ${fmt(r.cliStartMs.devices, 0, ' ms')} |`,
  ];
  return [
    `Measured with \`npm run bench\` (${r.mode} run, ${r.startedAt.slice(0, 10)}; realistic device latency${r.details.prepareLife ? ' at life speed and' : ''} compressed × ${r.timeScale}) on ${machineLine(r.machine)}. The machine is shared: treat the figures as indicative.`,
    '',
    ...lines,
    '',
  ].join('\n');
}

function trustCell(t: TrustPasses): string {
  const c = (x: TrustPasses['event']) => `${fmt(x.tapToPairedMs.p50, 0)} / ${fmt(x.tapToPairedMs.max, 0)} ms (${fmt(x.pairRequestsPerDevice, 1)} Pairs)`;
  return `${c(t.event)}; ${c(t.poll)}`;
}

function cpuSplitCell(row: PrepareRows[number] | undefined): string {
  const c = row?.stationCpuSplitMsPerDevice;
  return c ? [c.main, c.pool, c.native, c.platform, c.exited].map((v) => fmt(v, 0)).join(' / ') + ' ms' : '–';
}

function protocolCell(row: PrepareRows[number] | undefined): string {
  const p = row?.protocolPerDevice;
  return p ? [p.muxConnections, p.lockdownSessions, p.tlsHandshakes, p.serviceStarts].map((v) => fmt(v, 1)).join(' / ') : '–';
}

/** Headline figures side by side with a kept run (results/baseline.json). */
export function compareTable(now: BenchResults, before: BenchResults): string {
  const sizes = [...new Set([...Object.keys(now.wallIdealRatio), ...Object.keys(before.wallIdealRatio ?? {})])].sort((a, b) => Number(a) - Number(b));
  const rows: Cell[][] = [];
  for (const n of sizes) {
    rows.push([`wall/ideal, N=${n}`, fmt(before.wallIdealRatio?.[n], 2), fmt(now.wallIdealRatio[n], 2)]);
    rows.push([`station CPU ms/dev, N=${n}`, fmt(before.cpuMsPerDevice?.[n], 0), fmt(now.cpuMsPerDevice[n], 0)]);
  }
  rows.push(['pair CPU ms', fmt(before.pairCpuMs, 1), fmt(now.pairCpuMs, 1)]);
  rows.push(['detect p95 ms', fmt(before.detectP95Ms, 1), fmt(now.detectP95Ms, 1)]);
  rows.push([`speed-up vs tools (seq)`, fmt(before.speedupVsToolsLoop?.sequential, 1), fmt(now.speedupVsToolsLoop.sequential, 1)]);
  rows.push([`speed-up vs tools (-P 8)`, fmt(before.speedupVsToolsLoop?.parallel, 1), fmt(now.speedupVsToolsLoop.parallel, 1)]);
  rows.push(['UI frame p95 ms', fmt(before.uiFrameP95Ms, 1), fmt(now.uiFrameP95Ms, 1)]);
  rows.push(['cart start ms', fmt(before.cartStartMs, 0), fmt(now.cartStartMs, 0)]);
  rows.push(['CLI start ms (--version)', fmt(before.cliStartMs?.version, 0), fmt(now.cliStartMs.version, 0)]);
  rows.push(['CLI start ms (devices --json)', fmt(before.cliStartMs?.devices, 0), fmt(now.cliStartMs.devices, 0)]);
  return formatTable(['figure', 'baseline', 'now'], rows);
}
