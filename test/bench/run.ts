/**
 * `npm run bench -- [--quick] [--json] [--time-scale X] [--only cart,prepare,…]`
 *
 * Runs each suite in turn on this machine (one at a time, so they do not compete for its cores),
 * prints a table, writes test/bench/results/latest.json (and, for a full run of every suite,
 * README-table.md). Figures only: nothing here passes or fails on timing. A suite that crashes
 * is reported and the others still run; the exit code is then 1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from './context.js';
import { compareTable, readmeTable, textReport } from './format.js';
import { describeMachine } from './machine.js';
import { parseOptions, SUITES, type SuiteName } from './options.js';
import { installCleanup } from './proc.js';
import { buildResults, type BenchResults, type SuiteReports } from './results.js';
import { benchBaseline } from './suites/baseline.js';
import { benchCartStart } from './suites/cart-start.js';
import { benchCli } from './suites/cli.js';
import { benchHotplug } from './suites/hotplug.js';
import { benchPairing } from './suites/pairing.js';
import { benchPrepare } from './suites/prepare.js';
import { benchUi } from './suites/ui.js';

const RESULTS = join(import.meta.dirname, 'results');

function previousBaseline(): BenchResults | null {
  const file = join(RESULTS, 'baseline.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  installCleanup();
  const opts = parseOptions(process.argv.slice(2));
  const machine = describeMachine();
  const startedAt = new Date();
  const t0 = performance.now();
  const ctx = await createContext(opts);
  const reports: SuiteReports = {};
  const errors: { suite: string; message: string }[] = [];
  const suites: Record<SuiteName, () => Promise<void>> = {
    cart: async () => void (reports.cart = await benchCartStart(ctx)),
    prepare: async () => {
      reports.prepare = await benchPrepare(ctx);
      // Life speed beside the compressed pass (suites/prepare.ts says why both).
      if (ctx.opts.timeScale !== 1) reports.prepareLife = await benchPrepare(ctx, 1);
    },
    baseline: async () => void (reports.baseline = await benchBaseline(ctx)),
    pairing: async () => void (reports.pairing = await benchPairing(ctx)),
    hotplug: async () => void (reports.hotplug = await benchHotplug(ctx)),
    ui: async () => void (reports.ui = await benchUi(ctx)),
    cli: async () => void (reports.cli = await benchCli(ctx)),
  };
  try {
    for (const name of SUITES.filter((s) => opts.suites.includes(s))) {
      const s0 = performance.now();
      try {
        await suites[name]();
        ctx.log(`${name}: done in ${((performance.now() - s0) / 1000).toFixed(0)} s`);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        errors.push({ suite: name, message });
        ctx.log(`${name}: FAILED: ${message}`);
      }
    }
  } finally {
    ctx.dispose();
  }

  const results = buildResults({ mode: opts.quick ? 'quick' : 'full', startedAt, durationS: (performance.now() - t0) / 1000, timeScale: opts.timeScale, machine, reports, errors });
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const complete = !opts.quick && opts.suites.length === SUITES.length && errors.length === 0;
  if (complete) writeFileSync(join(RESULTS, 'README-table.md'), readmeTable(results));

  const baseline = previousBaseline();
  const text = `${textReport(results)}${baseline ? `\n\nAgainst results/baseline.json (${baseline.mode}, ${baseline.startedAt.slice(0, 10)})\n${compareTable(results, baseline)}\n` : '\n'}`;
  if (opts.json) {
    process.stderr.write(`${text}\n`);
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } else {
    process.stdout.write(`${text}\n`);
  }
  ctx.log(`wrote ${join('test/bench/results', 'latest.json')}${complete ? ' and README-table.md' : ''}`);
  return errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
