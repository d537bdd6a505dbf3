import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChaosPlan } from '../options.js';
import { emptyReport, type ScenarioReport } from '../report.js';
import { Rng } from '../core/rng.js';
import { sleep, until } from '../core/wait.js';
import { CartProcess } from '../infra/cart.js';
import { freshDir } from '../infra/paths.js';
import { StationDir, prepareArgs } from '../infra/station.js';
import { buildTemplate } from '../infra/template.js';
import { plugAll, unplugEvents } from './driver.js';
import { checkUnplugRound } from './invariants.js';

/**
 * Random unplug/replug during 32-device batches: `prepare --all` runs as a child while devices
 * are yanked and replugged under it. Each round is bounded by a deadline; a CLI still running then
 * is a hang, and the journal says which jobs never settled. Rounds continue (a few extra at most)
 * until the plan's number of unplug events actually happened.
 */
export async function runUnplug(plan: ChaosPlan, log: (line: string) => void): Promise<ScenarioReport> {
  const report = emptyReport('unplug');
  const t0 = Date.now();
  const cfg = plan.unplug;
  const target = cfg.rounds * cfg.eventsPerRound;
  const root = freshDir('unplug');
  const p12 = join(root, 'acme.p12');
  const rng = new Rng(`${plan.seed}:unplug`);
  try {
    const template = await buildTemplate(root, p12, cfg.devices, `${plan.seed}:unplug:template`);
    // A 32-device batch ends in a few seconds (devices in Setup Assistant pair without a Trust
    // dialog), so a round can finish after 3–9 unplugs: spare rounds, up to one per 3 events
    // wanted, make up the events.
    const maxRounds = Math.max(cfg.rounds * 3, Math.ceil(target / 3));
    for (let round = 1; round <= maxRounds && report.events < target; round++) {
      const cart = new CartProcess({ devices: cfg.devices, seed: `${plan.seed}:unplug:${round}`, latency: 'realistic', timeScale: cfg.timeScale });
      const dir = join(root, `round-${round}`);
      try {
        await cart.start();
        const station = new StationDir(dir, cart.usbmuxd);
        station.seedFrom(template);
        const r0 = Date.now();
        const run = station.spawn(prepareArgs(p12, ['--concurrency', '16', '--device-timeout', '90']));
        let exited = false;
        void run.done.then(() => (exited = true));
        // Unplug only once the batch is journaled: a device missing when `--all` is evaluated is simply not in it.
        await until('the batch in the journal', () => exited || station.query<{ n: number }>('SELECT count(*) AS n FROM jobs')[0]?.n, 120_000, 100);
        const events = await unplugEvents(cart, rng.fork(round), Math.min(cfg.eventsPerRound, target - report.events), cfg.holdMs, cfg.gapMs, () => !exited);
        // Whatever is still out (a fault that fired late) goes back in until the CLI ends.
        const deadline = r0 + cfg.deadlineMs;
        while (!exited && Date.now() < deadline) {
          await plugAll(cart).catch(() => 0);
          await sleep(1_000);
        }
        const hung = !exited;
        if (hung) {
          run.child.kill('SIGKILL');
          report.hangs++;
        }
        const out = await run.done;
        await plugAll(cart).catch(() => 0);
        const verdict = checkUnplugRound({
          devices: (await cart.devices()).map((d) => ({ udid: d.udid, supervised: d.supervised, name: d.name })),
          jobs: station.query('SELECT id, udid, state, error_code, error_message FROM jobs'),
          steps: station.query('SELECT job_id, name, state FROM job_steps'),
        });
        report.rounds++;
        report.events += events.fired;
        if (hung) report.failures.push(`round ${round}: prepare still running after ${cfg.deadlineMs / 1000} s (hang); unsettled: ${verdict.unsettled.join('; ') || 'none in the journal'}`);
        else if (verdict.unsettled.length) {
          report.hangs += verdict.unsettled.length;
          report.failures.push(...verdict.unsettled.map((u) => `round ${round}: ${u}`));
        }
        report.crashes += verdict.untyped.length;
        report.failures.push(...verdict.untyped.map((u) => `round ${round}: ${u}`), ...verdict.violations.map((u) => `round ${round}: ${u}`));
        if (!hung && out.signal === null && out.code !== 0 && out.code !== 3) report.failures.push(`round ${round}: prepare exited ${out.code}: ${out.stderr.slice(-300)}`);
        const states = Object.entries(verdict.byState).map(([s, n]) => `${n} ${s}`).join(', ');
        const codes = Object.entries(verdict.codes).map(([c, n]) => `${c}×${n}`).join(', ');
        const line = `round ${round}: ${events.fired} unplugs (${events.byApi} by API, ${events.byFault} mid-request${events.armedNotFired ? `, ${events.armedNotFired} armed faults never fired` : ''}); jobs: ${states}${codes ? ` [${codes}]` : ''}; exit ${out.code ?? out.signal}; ${((Date.now() - r0) / 1000).toFixed(0)} s`;
        report.notes.push(line);
        log(`[unplug] ${line}`);
        if (!hung && verdict.unsettled.length + verdict.untyped.length + verdict.violations.length === 0) rmSync(dir, { recursive: true, force: true });
        else report.notes.push(`round ${round}: data kept in ${dir}`);
      } catch (e) {
        report.crashes++;
        report.failures.push(`round ${round}: ${(e as Error).message}`);
      } finally {
        await cart.stop();
      }
    }
    if (report.events < target) report.failures.push(`only ${report.events} unplug events happened (wanted ${target})`);
  } catch (e) {
    report.failures.push(`set-up failed: ${(e as Error).message}`);
  } finally {
    report.ms = Date.now() - t0;
    if (report.failures.length === 0) rmSync(root, { recursive: true, force: true });
  }
  return report;
}
