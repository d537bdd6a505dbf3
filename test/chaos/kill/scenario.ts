import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChaosPlan } from '../options.js';
import { emptyReport, type ScenarioReport } from '../report.js';
import { Rng } from '../core/rng.js';
import { CartProcess } from '../infra/cart.js';
import { freshDir } from '../infra/paths.js';
import { buildTemplate } from '../infra/template.js';
import { StationDir, prepareArgs, resumeArgs } from '../infra/station.js';
import { checkKillRound, type KillEvidence } from './invariants.js';
import { runUntilSettled } from './attempts.js';

/**
 * SIGKILL the station mid-batch, resume until done, then audit the cart against the journal.
 *
 * Each round uses a fresh cart of 32 devices (its own seed, so fresh UDIDs and counters that start
 * at zero) and a fresh data directory copied from a calibrated template. Re-using one cart by
 * erasing and re-activating devices would be closer to a real cart's day, but the emulator's
 * erase takes minutes of (scaled) device time and keeps cumulative counters; a fresh cart starts in
 * ~4 s and makes "SetCloudConfiguration === 1" an exact, per-round check.
 */
export async function runKill(plan: ChaosPlan, log: (line: string) => void): Promise<ScenarioReport> {
  const report = emptyReport('kill');
  const t0 = Date.now();
  const cfg = plan.kill;
  const root = freshDir('kill');
  const p12 = join(root, 'acme.p12');
  const rng = new Rng(`${plan.seed}:kill`);
  try {
    const template = await buildTemplate(root, p12, cfg.devices, `${plan.seed}:kill:template`);
    // A round counts once a kill landed in it (a batch can finish before its kill fires, more often
    // now that a batch takes ~4 s): spare rounds, up to three times the count, make up for those.
    let killedRounds = 0;
    for (let round = 1; killedRounds < cfg.rounds && round <= cfg.rounds * 3; round++) {
      const cart = new CartProcess({ devices: cfg.devices, seed: `${plan.seed}:kill:${round}`, latency: 'realistic', timeScale: cfg.timeScale });
      const dir = join(root, `round-${round}`);
      try {
        await cart.start();
        const station = new StationDir(dir, cart.usbmuxd);
        station.seedFrom(template);
        const outcome = await runUntilSettled(station, cart, rng.fork(round), cfg, {
          prepare: prepareArgs(p12, ['--concurrency', String(cfg.concurrency)]),
          resume: resumeArgs(p12, ['--concurrency', String(cfg.concurrency)]),
        });
        report.rounds++;
        report.events += outcome.kills.length;
        if (outcome.kills.length > 0) killedRounds++;
        if (outcome.hang) {
          report.hangs++;
          report.failures.push(`round ${round}: ${outcome.hang}`);
        }
        const verdict = checkKillRound(await evidence(station, cart));
        report.lost += verdict.lost;
        report.duplicated += verdict.duplicated;
        report.failures.push(...verdict.violations.map((v) => `round ${round}: ${v}`));
        const kills = outcome.kills.map((k) => `${k.what}@${(k.atMs / 1000).toFixed(1)}s[${k.supervised}/${cfg.devices} supervised]`).join(', ');
        const line = `round ${round}: ${kills || 'no kill landed'}; ${outcome.attempts} runs; ${verdict.staged}/${cfg.devices} staged once; ${(outcome.ms / 1000).toFixed(0)} s${verdict.violations.length ? ` — ${verdict.violations.length} violation(s)` : ''}`;
        report.notes.push(line);
        log(`[kill] ${line}`);
        if (verdict.violations.length === 0 && !outcome.hang) rmSync(dir, { recursive: true, force: true });
        else report.notes.push(`round ${round}: data kept in ${dir}`);
      } catch (e) {
        report.crashes++;
        report.failures.push(`round ${round}: ${(e as Error).message}`);
      } finally {
        await cart.stop();
      }
    }
    if (killedRounds < cfg.rounds) report.failures.push(`only ${killedRounds} rounds had a kill land (wanted ${cfg.rounds})`);
  } catch (e) {
    report.failures.push(`set-up failed: ${(e as Error).message}`);
  } finally {
    report.ms = Date.now() - t0;
    if (report.failures.length === 0) rmSync(root, { recursive: true, force: true });
  }
  return report;
}

async function evidence(station: StationDir, cart: CartProcess): Promise<KillEvidence> {
  return {
    devices: (await cart.devices()).map((d) => ({ udid: d.udid, supervised: d.supervised, name: d.name, counters: d.counters })),
    jobs: station.query('SELECT id, udid, state, error_code FROM jobs'),
    steps: station.query('SELECT job_id, ordinal, name, state FROM job_steps'),
    audit: station.query("SELECT action, udid, details FROM audit_log WHERE action LIKE 'step.%'"),
    outbox: station.query('SELECT idempotency_key, kind, state FROM outbox'),
  };
}
