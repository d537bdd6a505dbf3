/**
 * `npm run chaos`: survival under crashes, unplugs, MDM outages and malformed input (issue 10).
 * Prints one summary per scenario and exits non-zero on any lost or duplicated device/outbox
 * event, any hang, or any untyped crash. Every child process dies with the run.
 */
import { killAll, liveChildren } from './core/procs.js';
import { parseArgs, UsageError, type ChaosPlan, type Scenario } from './options.js';
import { emptyReport, failed, formatSummary, type ScenarioReport } from './report.js';
import { runKill } from './kill/scenario.js';
import { runUnplug } from './unplug/scenario.js';
import { runMdm } from './mdm/scenario.js';
import { runFuzz } from './fuzz/scenario.js';

const RUNNERS: Record<Scenario, (plan: ChaosPlan, log: (line: string) => void) => Promise<ScenarioReport>> = {
  kill: runKill,
  unplug: runUnplug,
  mdm: runMdm,
  fuzz: runFuzz,
};

async function main(): Promise<number> {
  let plan: ChaosPlan;
  try {
    plan = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`chaos: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  log(`chaos: seed ${plan.seed}${plan.quick ? ' (quick)' : ''}; scenarios ${plan.only.join(', ')} — reproduce with: npm run chaos -- --seed ${plan.seed}${plan.quick ? ' --quick' : ''}`);
  const t0 = Date.now();
  const reports: ScenarioReport[] = [];
  for (const name of plan.only) {
    log(`chaos: ${name}…`);
    let r: ScenarioReport;
    try {
      r = await RUNNERS[name](plan, log);
    } catch (e) {
      r = emptyReport(name);
      r.crashes++;
      r.failures.push(`the scenario itself failed: ${(e as Error).stack ?? String(e)}`);
    }
    reports.push(r);
    const leftover = liveChildren();
    if (leftover > 0) {
      r.failures.push(`${leftover} child process(es) still alive after the scenario (killed)`);
      killAll();
    }
    log(`chaos: ${name} ${failed(r) ? 'FAILED' : 'ok'} in ${(r.ms / 1000).toFixed(0)} s`);
  }
  process.stdout.write(`${formatSummary(reports, plan.seed, Date.now() - t0)}\n`);
  return reports.some(failed) ? 1 : 0;
}

main().then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (e: unknown) => {
    killAll();
    process.stderr.write(`chaos: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
